"""``task_type_params`` in each form CMS exports write it, and the refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from judge.importers import ImportFailed
from judge.importers.cms_params import TaskParams, parse_task_params
from judge.problems.model import TaskType

BATCH, COMM, OUT, BAO = (
    TaskType.BATCH,
    TaskType.COMMUNICATION,
    TaskType.OUTPUT_ONLY,
    TaskType.BATCH_AND_OUTPUT,
)
TWO_STD = TaskParams(num_processes=2, compilation="stub", user_io="std_io")


@pytest.mark.parametrize(
    ("task_type", "raw", "expected"),
    [
        # A JSON string holding an object of form fields (IOI 2024/2025 exports).
        (COMM, '{"task_type_parameters_Communication_num_processes": 2}',
         TaskParams(num_processes=2)),
        # CMS's positional list, as a list and as a JSON string (protocol_version 2).
        (COMM, [2, "stub", "std_io"], TWO_STD),
        (COMM, '[2, "stub", "std_io"]', TWO_STD),
        (COMM, [3, "alone"], TaskParams(num_processes=3, compilation="alone")),
        (COMM, [1, "stub", "fifo_io"],
         TaskParams(num_processes=1, compilation="stub", user_io="fifo_io")),
        # The object itself, with prefixed or bare names.
        (COMM, {"num_processes": "4", "user_io": "fifo_io"},
         TaskParams(num_processes=4, user_io="fifo_io")),
        (BATCH, ["grader", ["", ""], "comparator"],
         TaskParams(compilation="grader", evaluation="comparator")),
        (BATCH, ["alone", ["in.txt", "out.txt"]],
         TaskParams(compilation="alone", input_file="in.txt", output_file="out.txt")),
        (BATCH, {"task_type_parameters_Batch_compilation": "grader",
                 "task_type_parameters_Batch_io_0_inputfile": "",
                 "task_type_parameters_Batch_io_1_outputfile": "out.txt",
                 "task_type_parameters_Batch_output_eval": "diff",
                 "task_type_parameters_Batch_user_managers": '["grader.%l"]'},
         TaskParams(compilation="grader", output_file="out.txt", evaluation="diff")),
        (BAO, ["grader", ["", ""], "comparator", "7-01,8-01,"],
         TaskParams(compilation="grader", evaluation="comparator",
                    output_only_tests=["7-01", "8-01"])),
        (BAO, '{"task_type_parameters_BatchAndOutput_compilation": "grader"}',
         TaskParams(compilation="grader")),
        (BAO, {"output_only_testcases": ["b", "a"]}, TaskParams(output_only_tests=["a", "b"])),
        (OUT, ["comparator"], TaskParams(evaluation="comparator")),
        (OUT, '["diff"]', TaskParams(evaluation="diff")),
        (OUT, "", TaskParams()),
        (OUT, None, TaskParams()),
        (BATCH, "{}", TaskParams()),
        (BATCH, [], TaskParams()),
    ],
)
def test_every_form_reads_the_same(task_type: TaskType, raw: Any, expected: TaskParams) -> None:
    assert parse_task_params(task_type, raw) == expected


@pytest.mark.parametrize(
    ("task_type", "raw", "message"),
    [
        (BATCH, {"task_type_parameters_Batch_colour": "red"}, "unknown parameter"),
        (BATCH, {"num_processes": 2}, "unknown parameter 'num_processes' for a Batch task"),
        (COMM, {"task_type_parameters_Batch_compilation": "grader"},
         "'task_type_parameters_Batch_compilation' is not one of a Communication task"),
        (COMM, [2, "stub", "std_io", "extra"], "at most 3 parameters"),
        (OUT, ["comparator", "x"], "at most 1 parameters"),
        (COMM, [0], "num_processes 0 is not a whole number from 1 to 64"),
        (COMM, [65], "num_processes 65"),
        (COMM, [True], "num_processes True"),
        (COMM, ["two"], "num_processes 'two'"),
        (COMM, [2, "grader"], "compilation 'grader' is not one of stub, alone"),
        (BATCH, ["stub"], "compilation 'stub' is not one of alone, grader"),
        (COMM, [2, "stub", "pipes"], "user_io 'pipes'"),
        (BATCH, ["grader", ["", ""], "exact"], "output_eval 'exact'"),
        (BATCH, ["grader", ["../in", ""]], "io file name '../in'"),
        (BATCH, ["grader", "in.txt"], "io 'in.txt' is not [input file, output file]"),
        (BAO, ["grader", ["", ""], "diff", 7], "output_only_testcases 7"),
        (COMM, {"task_type_parameters_Communication_num_processes": 2, "num_processes": 3},
         "num_processes is given twice with different values"),
        (BATCH, {"io": ["a", "b"], "io_0_inputfile": "a"}, "io is given both whole"),
        (BATCH, "{not json", "is not valid JSON"),
        (BATCH, json.dumps("[]"), "a JSON string inside a JSON string"),
        (BATCH, 7, "must be a list or an object, not int"),
    ],
)
def test_unknown_or_contradictory_parameters_name_the_field(
    task_type: TaskType, raw: Any, message: str
) -> None:
    with pytest.raises(ImportFailed, match=r"^problem\.json: task_type_params") as caught:
        parse_task_params(task_type, raw)
    assert message in caught.value.message
    assert "\n" not in caught.value.message
