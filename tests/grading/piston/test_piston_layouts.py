"""How a Piston request's files become a one-test problem (no judging): the
cms_ioi layout (task name, grader_config.json in its several forms, the
Communication fallback on the manager's registerManager call, limits) and the
CodeForces one (grader_config lines, file input mode, checker.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from judge.grading.piston import PistonRequestError, plan_job
from judge.problems.model import TaskType
from judge.wire.piston import PistonExecuteRequest

MiB = 1 << 20
MANAGER = 'int main(int argc, char **argv) { registerManager("m", 3, argc, argv); }'


def request(files: dict[str, str], language: str = "cms_ioi", **fields: Any
            ) -> PistonExecuteRequest:
    return PistonExecuteRequest.model_validate({
        "language": language, "files": [{"name": n, "content": c} for n, c in files.items()],
        **fields})


def fields(files: dict[str, str], language: str = "cms_ioi", **extra: Any) -> dict[str, Any]:
    return plan_job(request(files, language, **extra), 1 << 30)[1].fields


BATCH = {"graders/task.cpp": "int f();", "graders/task.h": "int f();",
         "graders/testlib.h": "", "graders/grader.cpp": "int main() {}",
         "input.txt": "1", "correct_output.txt": "1"}


def test_batch_with_grader_and_limits_from_the_config() -> None:
    config = {"task_type": "Batch", "time_limit": 1.5, "memory_limit": 512}
    got = fields({**BATCH, "graders/grader_config.json": json.dumps(config)}, run_timeout=9000)
    assert got["task_type"] is TaskType.BATCH and got["time_limit"] == 1.5
    assert got["memory_limit"] == 512 * MiB  # CMS MiB below 1 MiB
    assert got["graders"]["cpp"].sources == ["graders/grader.cpp"]
    assert got["batch"].compilation == "grader" and got["batch"].evaluation == "diff"


def test_limits_from_open_r1s_run_timeout_and_memory() -> None:
    got = fields(BATCH, run_timeout=5000, run_memory_limit=256 * MiB)
    assert got["time_limit"] == 2.0  # Open R1 adds 3 s to the time limit
    assert got["memory_limit"] == 256 * MiB


def test_checker_with_its_headers() -> None:
    got = fields({**BATCH, "checker/checker.cpp": "", "checker/testlib.h": ""}, run_timeout=4000)
    assert got["batch"].evaluation == "checker"
    assert got["checker"].headers == ["checker/testlib.h"]


@pytest.mark.parametrize("params", [
    {"task_type_parameters_Communication_num_processes": 2},
    {"task_type_params": {"task_type_parameters_Communication_num_processes": 2}},
    {"task_type_params": json.dumps({"task_type_parameters_Communication_num_processes": 2})},
])
def test_communication_parameters_in_each_form(params: dict[str, Any]) -> None:
    files = {"graders/task.cpp": "", "graders/task.h": "", "graders/stub.cpp": "",
             "graders/manager.cpp": MANAGER, "input.txt": "",
             "graders/grader_config.json": json.dumps({"task_type": "Communication", **params})}
    got = fields(files, run_timeout=4000)
    assert got["task_type"] is TaskType.COMMUNICATION
    assert got["communication"].num_processes == 2
    assert got["manager"].source == "graders/manager.cpp"
    assert "tests" in got and got["tests"][0].output is None


def test_without_a_config_a_manager_means_communication() -> None:
    files = {"graders/task.cpp": "", "graders/task.h": "", "graders/manager.cpp": MANAGER,
             "input.txt": ""}
    got = fields(files, run_timeout=4000)
    assert got["task_type"] is TaskType.COMMUNICATION
    assert got["communication"].num_processes == 3  # from registerManager("m", 3, ...)


def test_task_name_without_a_header() -> None:
    files = {"graders/nile.cpp": "", "graders/grader.cpp": "", "input.txt": "",
             "correct_output.txt": ""}
    plan = plan_job(request(files, run_timeout=4000), 1 << 30)[1]
    assert plan.source == "" and plan.language == "cpp17"
    with pytest.raises(PistonRequestError, match="cannot tell the submission"):
        fields({"graders/grader.cpp": "", "input.txt": ""}, run_timeout=4000)


def test_codeforces_config_and_file_mode() -> None:
    files = {"main.python": "print(1)", "input.txt": "", "correct_output.txt": "1",
             "checker.py": "print(1)",
             "grader_config": "TIME_LIMIT=2\nMEMORY_LIMIT=256\nINPUT_MODE=file"}
    plan = plan_job(request(files, "cf_python3"), 1 << 30)[1]
    got = plan.fields
    assert plan.language == "python3" and plan.source == "print(1)"
    assert got["time_limit"] == 2.0 and got["memory_limit"] == 256 * MiB
    assert got["batch"].input_file == "input.txt" and got["batch"].output_file == "output.txt"
    assert got["batch"].evaluation == "checker" and got["checker"].source == "checker.py"


def test_files_over_the_bound_are_refused() -> None:
    with pytest.raises(PistonRequestError, match="exceed 10 bytes"):
        plan_job(request({**BATCH, "input.txt": "x" * 11}, run_timeout=4000), 10)
