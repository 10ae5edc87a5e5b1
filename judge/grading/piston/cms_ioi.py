"""The ``cms_ioi`` runtime: the file layout of Open R1's Piston package
(guipenedo/piston ``packages/cms_ioi/1.0.0``; Open R1
``src/open_r1/utils/competitive_programming/ioi_scoring.py`` builds the requests).

``graders/<task>.cpp`` is the submission, ``<task>`` named by the task header
``graders/<task>.h`` (the first ``.h`` but ``testlib.h``, as the package's
``compile`` finds it); ``graders/grader.cpp`` or ``graders/stub.cpp`` is linked
with it; ``graders/manager.cpp`` is a Communication manager;
``graders/grader_config.json`` gives the task type, limits and Communication
parameters; ``checker/checker.cpp`` (with ``checker/testlib.h``) judges against
``correct_output.txt``; ``input.txt`` is the test. Without a grader_config.json
a manager means Communication, as Open R1's rows imply."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Any

from judge.grading.piston.files import JobFiles, PistonRequestError
from judge.grading.piston.plan import (
    DEFAULT_MEMORY,
    EXPECTED,
    JobPlan,
    memory_bytes,
    one_test,
    request_memory,
    request_time_limit,
)
from judge.problems.model import (
    BatchParams,
    CommunicationParams,
    GraderFiles,
    TaskType,
    TrustedProgram,
)
from judge.wire.piston import PistonExecuteRequest

GRADERS = "graders"
CONFIG = "graders/grader_config.json"
CHECKER = "checker/checker.cpp"
MANAGER = "graders/manager.cpp"
LINKED = ("graders/grader.cpp", "graders/stub.cpp")
REGISTER_MANAGER = re.compile(r'registerManager\s*\(\s*"[^"]*"\s*,\s*(\d+)\s*,')
NUM_PROCESSES = "task_type_parameters_Communication_num_processes"
USER_IO = "task_type_parameters_Communication_user_io"


def plan_cms_ioi(files: JobFiles, request: PistonExecuteRequest) -> JobPlan:
    task = task_name(files)
    submission = f"{GRADERS}/{task}.cpp"
    if not files.has(submission):
        raise PistonRequestError(f"missing {submission} (the submission)")
    config = grader_config(files)
    headers = [n for n in files.under(GRADERS) if n.endswith(".h")]
    linked = [n for n in LINKED if files.has(n)]
    kind = _task_type(config, files)
    fields: dict[str, Any] = {
        "task_type": kind,
        "time_limit": _time_limit(config, request),
        "memory_limit": _memory(config, request),
        "graders": {"cpp": GraderFiles(sources=linked, headers=headers)},
        **one_test(files, expected=kind is TaskType.BATCH),
    }
    if kind is TaskType.BATCH:
        fields["batch"] = _batch(files, linked)
        if files.has(CHECKER):
            checker_headers = [n for n in files.under("checker") if n.endswith(".h")]
            fields["checker"] = TrustedProgram(source=CHECKER, headers=checker_headers)
    else:
        fields["communication"] = _communication(config, files)
        fields["manager"] = TrustedProgram(source=MANAGER, headers=headers)
    return JobPlan(fields, files, "cpp17", files.text(submission))


def task_name(files: JobFiles) -> str:
    """The task's name: its header's, else the one ``graders/*.cpp`` that is
    neither grader, stub nor manager."""
    for name in files.under(GRADERS):
        stem = PurePosixPath(name)
        if stem.suffix == ".h" and stem.name != "testlib.h":
            return stem.stem
    others = [PurePosixPath(n).stem for n in files.under(GRADERS)
              if n.endswith(".cpp") and n not in (*LINKED, MANAGER)]
    if len(others) == 1:
        return others[0]
    raise PistonRequestError("cannot tell the submission: send graders/<task>.h "
                             "and graders/<task>.cpp")


def grader_config(files: JobFiles) -> dict[str, Any]:
    """grader_config.json with its ``task_type_params`` (an object or, as in CMS's
    problem.json, a JSON string) merged into the top level; {} if absent."""
    if not files.has(CONFIG):
        return {}
    try:
        config = json.loads(files.text(CONFIG))
        params = config.get("task_type_params") or {}
        if isinstance(params, str):
            params = json.loads(params)
    except (ValueError, AttributeError):
        raise PistonRequestError(f"{CONFIG} is not a JSON object") from None
    if not isinstance(config, dict) or not isinstance(params, dict):
        raise PistonRequestError(f"{CONFIG} is not a JSON object")
    return {**params, **config}


def _task_type(config: dict[str, Any], files: JobFiles) -> TaskType:
    named = config.get("task_type")
    if named is None:
        return TaskType.COMMUNICATION if files.has(MANAGER) else TaskType.BATCH
    if named not in (TaskType.BATCH, TaskType.COMMUNICATION):
        raise PistonRequestError(f"unsupported task type {named!r} (Batch or Communication)")
    if named == TaskType.COMMUNICATION and not files.has(MANAGER):
        raise PistonRequestError(f"a Communication task needs {MANAGER}")
    return TaskType(named)


def _batch(files: JobFiles, linked: list[str]) -> BatchParams:
    if not files.has(EXPECTED):
        raise PistonRequestError(f"a Batch task needs {EXPECTED} (the expected output)")
    return BatchParams(compilation="grader" if linked else "alone",
                       evaluation="checker" if files.has(CHECKER) else "diff")


def _communication(config: dict[str, Any], files: JobFiles) -> CommunicationParams:
    declared = config.get(NUM_PROCESSES)
    if declared is None:
        found = REGISTER_MANAGER.search(files.text(MANAGER))
        declared = int(found.group(1)) if found else 1
    user_io = config.get(USER_IO) or "std_io"
    try:
        return CommunicationParams(num_processes=int(declared), user_io=user_io)
    except ValueError as exc:
        raise PistonRequestError(f"bad Communication parameters in {CONFIG}: {exc}") from None


def _time_limit(config: dict[str, Any], request: PistonExecuteRequest) -> float:
    value = config.get("time_limit") or request_time_limit(request)
    if value is None:
        raise PistonRequestError(f"no time limit: give time_limit in {CONFIG} or run_timeout")
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise PistonRequestError(f"bad time_limit {value!r}") from None
    if not 0 < seconds <= 60:
        raise PistonRequestError(f"time limit {seconds} s is outside (0, 60]")
    return seconds


def _memory(config: dict[str, Any], request: PistonExecuteRequest) -> int:
    value = config.get("memory_limit")
    if value is None:
        return request_memory(request) or DEFAULT_MEMORY
    try:
        return memory_bytes(float(value))
    except (TypeError, ValueError):
        raise PistonRequestError(f"bad memory_limit {value!r}") from None
