"""CMS ``task_type_params`` in every form an export writes them, read into one shape.

CMS keeps a dataset's task type parameters as a positional list, one element per
entry of the task type's ``ACCEPTED_PARAMETERS`` (``cms/grading/tasktypes/*.py``):

=============== ============================================================
Batch           ``[compilation, [input_file, output_file], output_eval]``
BatchAndOutput  ``[compilation, [input_file, output_file], output_eval,
                "comma,separated,output_only_testcases"]``
Communication   ``[num_processes, compilation, user_io]``
OutputOnly      ``[output_eval]``
=============== ============================================================

Exports write them as that list (``protocol_version`` 2), as a JSON string holding
the list or an object of form fields (``task_type_parameters_Batch_compilation``,
``..._io_0_inputfile``; what TPS's CMS exporter and the IOI 2024/2025 exports
write), or as the object itself. Trailing list elements and absent keys take the
defaults CMS's own TPS loader fills in. Anything else is refused, naming the field.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict

from judge.importers.errors import ImportFailed
from judge.problems.model import TaskType

PREFIX = "task_type_parameters_"
WHERE = "problem.json: task_type_params"

# The parameter names of each task type, in CMS's positional order.
POSITIONS: dict[TaskType, tuple[str, ...]] = {
    TaskType.BATCH: ("compilation", "io", "output_eval"),
    TaskType.BATCH_AND_OUTPUT: ("compilation", "io", "output_eval", "output_only_testcases"),
    TaskType.COMMUNICATION: ("num_processes", "compilation", "user_io"),
    TaskType.OUTPUT_ONLY: ("output_eval",),
}
# Form fields of the ``io`` collection, and ``user_managers``, which CMS's TPS
# loader adds for Batch and no task type reads (accepted, ignored).
IO_FIELDS = {"io_0_inputfile": 0, "io_1_outputfile": 1}
IGNORED = {"user_managers"}
COMPILATIONS = {
    TaskType.BATCH: ("alone", "grader"),
    TaskType.BATCH_AND_OUTPUT: ("alone", "grader"),
    TaskType.COMMUNICATION: ("stub", "alone"),
}
# CMS's values, and the spellings earlier versions of this importer took.
EVALUATIONS = {"diff": "diff", "white_diff": "diff", "comparator": "comparator",
               "checker": "comparator"}
USER_IO = ("std_io", "fifo_io")
STD_IO = "std_io"


class TaskParams(BaseModel):
    """The parameters a package states; None where it states nothing."""

    model_config = ConfigDict(extra="forbid")

    compilation: str | None = None
    input_file: str | None = None
    output_file: str | None = None
    evaluation: str | None = None  # "diff" or "comparator"
    output_only_tests: list[str] | None = None
    num_processes: int | None = None
    user_io: str | None = None


def parse_task_params(task_type: TaskType, raw: Any) -> TaskParams:
    """Read ``task_type_params`` as written in ``problem.json`` for ``task_type``."""
    if isinstance(raw, str):
        raw = _json(raw)
    if raw is None:
        raw = {}
    if isinstance(raw, list):
        values = _positional(task_type, raw)
    elif isinstance(raw, dict):
        values = _named(task_type, raw)
    else:
        raise ImportFailed(f"{WHERE} must be a list or an object, not {type(raw).__name__}")
    return _checked(task_type, values)


def _json(text: str) -> Any:
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{WHERE} is not valid JSON: {exc}") from None
    if isinstance(value, str):
        raise ImportFailed(f"{WHERE} is a JSON string inside a JSON string")
    return value


def _positional(task_type: TaskType, values: list[Any]) -> dict[str, Any]:
    names = POSITIONS[task_type]
    if len(values) > len(names):
        raise ImportFailed(
            f"{WHERE}: a {task_type} task takes at most {len(names)} parameters "
            f"({', '.join(names)}), got {len(values)}"
        )
    return dict(zip(names, values, strict=False))


def _named(task_type: TaskType, params: dict[str, Any]) -> dict[str, Any]:
    """Form fields (prefixed with the task type) or bare names, never both disagreeing."""
    known = POSITIONS[task_type]
    values: dict[str, Any] = {}
    io: list[Any] = [None, None]
    for key, value in params.items():
        name = _field_name(task_type, str(key))
        if name in IGNORED and task_type in (TaskType.BATCH, TaskType.BATCH_AND_OUTPUT):
            continue
        if name in IO_FIELDS and "io" in known:
            _set_once(io, IO_FIELDS[name], value, key)
            continue
        if name not in known:
            raise ImportFailed(f"{WHERE}: unknown parameter {key!r} for a {task_type} task")
        if name in values and values[name] != value:
            raise ImportFailed(f"{WHERE}: {name} is given twice with different values")
        values[name] = value
    if io != [None, None]:
        if "io" in values:
            raise ImportFailed(f"{WHERE}: io is given both whole and as io_0/io_1 fields")
        values["io"] = ["" if v is None else v for v in io]
    return values


def _field_name(task_type: TaskType, key: str) -> str:
    if not key.startswith(PREFIX):
        return key
    rest = key.removeprefix(PREFIX)
    own = f"{task_type}_"
    if rest.startswith(own):
        return rest.removeprefix(own)
    raise ImportFailed(f"{WHERE}: parameter {key!r} is not one of a {task_type} task")


def _set_once(io: list[Any], index: int, value: Any, key: str) -> None:
    if io[index] is not None and io[index] != value:
        raise ImportFailed(f"{WHERE}: {key} is given twice with different values")
    io[index] = value


def _checked(task_type: TaskType, values: dict[str, Any]) -> TaskParams:
    params = TaskParams()
    if "compilation" in values:
        params.compilation = _choice(values["compilation"], COMPILATIONS[task_type], "compilation")
    if "io" in values:
        params.input_file, params.output_file = _io(values["io"])
    if "output_eval" in values:
        evaluation = values["output_eval"]
        if evaluation not in EVALUATIONS:
            raise ImportFailed(f"{WHERE}: output_eval {evaluation!r} is not diff or comparator")
        params.evaluation = EVALUATIONS[evaluation]
    if "output_only_testcases" in values:
        params.output_only_tests = _test_list(values["output_only_testcases"])
    if "num_processes" in values:
        params.num_processes = _num_processes(values["num_processes"])
    if "user_io" in values:
        params.user_io = _choice(values["user_io"], USER_IO, "user_io")
    return params


def _choice(value: Any, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise ImportFailed(f"{WHERE}: {name} {value!r} is not one of {', '.join(allowed)}")
    return str(value)


def _io(value: Any) -> tuple[str | None, str | None]:
    """``[infile, outfile]`` ("" for stdin/stdout); also ``std_io`` and an object,
    as hand-written packages spell it."""
    if value == STD_IO or value is None:
        pair: list[Any] = ["", ""]
    elif isinstance(value, dict):
        pair = [value.get("input") or value.get("inputfile") or "",
                value.get("output") or value.get("outputfile") or ""]
    elif isinstance(value, list) and len(value) == 2:
        pair = value
    else:
        raise ImportFailed(f"{WHERE}: io {value!r} is not [input file, output file]")
    for name in pair:
        if not isinstance(name, str) or "/" in name or name in (".", ".."):
            raise ImportFailed(f"{WHERE}: io file name {name!r} is not a plain file name")
    return pair[0] or None, pair[1] or None


def _test_list(value: Any) -> list[str]:
    """CMS's comma-separated string (or a list), empty names dropped as CMS's set does."""
    if isinstance(value, str):
        names = value.split(",")
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        names = value
    else:
        raise ImportFailed(f"{WHERE}: output_only_testcases {value!r} is not a list of tests")
    return sorted({n.strip() for n in names if n.strip()})


def _num_processes(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 64:
        raise ImportFailed(f"{WHERE}: num_processes {value!r} is not a whole number from 1 to 64")
    return value
