"""IOI/CMS task packages, the format of the official IOI ``*-CMS.zip`` archives::

problem.json              code, name, time_limit (s), memory_limit (bytes),
                          score_precision, task_type, task_type_params (a JSON string)
subtasks/NN-name.json     {"score": S, "testcases": [...]}
tests/NAME.in, NAME.out
graders/                  grader.cpp | stub.cpp + manager.cpp, headers, testlib.h
checker/checker.cpp       optional, with its headers
solutions/<category>/     reference solutions
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from judge.importers.common import (
    CHECKER,
    MANAGER,
    Draft,
    GraderSet,
    ProblemDraft,
    Score,
    TimeLimit,
    check_subtask_tests,
    discover_solutions,
    discover_tests,
    map_graders,
    memory_bytes,
    problem_validation,
)
from judge.importers.errors import ImportFailed, describe_validation
from judge.problems.model import (
    BatchParams,
    CommunicationParams,
    GraderFiles,
    Subtask,
    TaskType,
    TrustedProgram,
)

SUBTASK_FILE = re.compile(r"^(\d+)(?:-(.+))?\.json$")
PARAM_PREFIX = "task_type_parameters_"


class CmsProblemJson(BaseModel):
    model_config = ConfigDict(extra="ignore")

    code: str | None = None
    name: str | None = None
    time_limit: TimeLimit
    memory_limit: float = Field(gt=0, allow_inf_nan=False)
    score_precision: int = 2
    task_type: str = "Batch"
    task_type_params: str | dict[str, Any] = "{}"
    year: int | None = None
    day: int | None = None


class SubtaskFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    score: Score
    testcases: list[str]


def read_json(path: Path, rel: str) -> Any:
    try:
        return json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"{rel} is not valid JSON: {exc}") from None
    except OSError as exc:
        raise ImportFailed(f"cannot read {rel}: {exc.strerror or exc}") from None


@problem_validation()
def load_cms(root: Path, default_id: str) -> Draft:
    """A draft of the CMS package unpacked at ``root``."""
    meta = _read_problem_json(root)
    params = _task_params(meta.task_type_params)
    try:
        task_type = TaskType(meta.task_type)
    except ValueError:
        raise ImportFailed(f"problem.json: unsupported task_type {meta.task_type!r}") from None
    memory_limit = memory_bytes(meta.memory_limit)
    grader_set = map_graders(root, task_type is TaskType.COMMUNICATION)
    setup = task_setup(task_type, params, grader_set)
    diff = setup.batch is not None and setup.batch.evaluation == "diff"
    only_diff = task_type is TaskType.OUTPUT_ONLY and grader_set.checker is None
    tests, test_files = discover_tests(root / "tests", require_output=diff or only_diff)
    subtasks = read_subtasks(root, [t.name for t in tests])
    check_subtask_tests(subtasks, tests)
    solutions, solution_files = discover_solutions(root)
    problem = ProblemDraft(
        **dict(setup),
        id=meta.code or default_id,
        name=meta.name or meta.code or default_id,
        year=meta.year,
        day=meta.day,
        time_limit=meta.time_limit,
        memory_limit=memory_limit,
        score_precision=meta.score_precision,
        tests=tests,
        subtasks=subtasks,
        solutions=solutions,
    )
    files = {rel: root / rel for rel in grader_set.files()}
    files.update(test_files)
    files.update(solution_files)
    return Draft(problem, files)


class TaskSetup(BaseModel):
    """How a CMS-style task is judged, read from its type, its parameters and its
    ``graders/`` and ``checker/`` folders: the judging fields of a
    :class:`ProblemDraft` (open-r1 rows, which carry CMS graders, use it too)."""

    task_type: TaskType
    batch: BatchParams | None
    communication: CommunicationParams | None
    graders: dict[str, GraderFiles]
    checker: TrustedProgram | None
    manager: TrustedProgram | None


def task_setup(task_type: TaskType, params: dict[str, Any], grader_set: GraderSet) -> TaskSetup:
    batch = batch_params(params, grader_set) if task_type is TaskType.BATCH else None
    communication = None
    if task_type is TaskType.COMMUNICATION:
        if grader_set.manager is None:
            raise ImportFailed(f"a Communication task needs {MANAGER}")
        communication = communication_params(params)
    return TaskSetup(
        task_type=task_type,
        batch=batch,
        communication=communication,
        graders=grader_set.graders,
        checker=grader_set.checker,
        manager=grader_set.manager,
    )


def _read_problem_json(root: Path) -> CmsProblemJson:
    data = read_json(root / "problem.json", "problem.json")
    if not isinstance(data, dict):
        raise ImportFailed("problem.json must hold a JSON object")
    try:
        return CmsProblemJson.model_validate(data)
    except ValidationError as exc:
        raise ImportFailed(f"problem.json: {describe_validation(exc)}") from None


def _task_params(raw: str | dict[str, Any]) -> dict[str, Any]:
    """``task_type_params`` is a JSON *string* in CMS exports; accept an object too."""
    if isinstance(raw, dict):
        return raw
    try:
        params = json.loads(raw) if raw.strip() else {}
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"problem.json: task_type_params is not valid JSON: {exc}") from None
    if not isinstance(params, dict):
        raise ImportFailed("problem.json: task_type_params must be a JSON object")
    return params


def _param(params: dict[str, Any], task_type: str, name: str) -> Any:
    for key in (f"{PARAM_PREFIX}{task_type}_{name}", name):
        if key in params:
            return params[key]
    return None


def batch_params(params: dict[str, Any], grader_set: GraderSet) -> BatchParams:
    compilation = _param(params, "Batch", "compilation")
    if compilation is None:
        compilation = "grader" if grader_set.graders else "alone"
    if compilation not in ("alone", "grader"):
        raise ImportFailed(f"unsupported Batch compilation {compilation!r}")
    if compilation == "grader" and not grader_set.graders:
        raise ImportFailed("Batch compilation 'grader' but there is no graders/grader.cpp")
    evaluation = _param(params, "Batch", "output_eval")
    if evaluation in ("comparator", "checker") and grader_set.checker is None:
        raise ImportFailed(f"the task asks for a checker but there is no {CHECKER}")
    if evaluation is None or evaluation in ("comparator", "checker"):
        evaluation = "checker" if grader_set.checker is not None else "diff"
    elif evaluation not in ("diff", "white_diff"):
        raise ImportFailed(f"unsupported Batch output evaluation {evaluation!r}")
    input_file, output_file = _batch_io(params)
    return BatchParams(
        compilation=compilation,
        input_file=input_file,
        output_file=output_file,
        evaluation="checker" if evaluation == "checker" else "diff",
    )


def _batch_io(params: dict[str, Any]) -> tuple[str | None, str | None]:
    """File names of a Batch task's I/O; both None for stdin/stdout. CMS spells
    this as a pair, an object, ``std_io``, or separate ``io_0``/``io_1`` keys."""
    io = _param(params, "Batch", "io")
    pair: list[Any]
    if io is None:
        pair = [
            _param(params, "Batch", "io_0_inputfile"),
            _param(params, "Batch", "io_1_outputfile"),
        ]
    elif isinstance(io, str):
        pair = [None, None]
    elif isinstance(io, dict):
        pair = [io.get("input") or io.get("inputfile"), io.get("output") or io.get("outputfile")]
    elif isinstance(io, list) and len(io) == 2:
        pair = list(io)
    else:
        raise ImportFailed(f"unsupported Batch io parameter {io!r}")
    for name in pair:
        if name and (not isinstance(name, str) or "/" in name or name in (".", "..")):
            raise ImportFailed(f"invalid Batch io file name {name!r}")
    return pair[0] or None, pair[1] or None


def communication_params(params: dict[str, Any]) -> CommunicationParams:
    raw = _param(params, "Communication", "num_processes")
    user_io = _param(params, "Communication", "user_io") or "std_io"
    try:
        return CommunicationParams(num_processes=int(raw or 1), user_io=user_io)
    except (ValueError, TypeError):
        raise ImportFailed(f"invalid Communication num_processes {raw!r}") from None
    except ValidationError as exc:
        raise ImportFailed(f"Communication parameters: {describe_validation(exc)}") from None


def read_subtasks(root: Path, test_names: list[str]) -> list[Subtask]:
    """``subtasks/NN-name.json`` in index order; one subtask of all tests worth 100
    when the package has none."""
    base = root / "subtasks"
    files = sorted(p for p in base.glob("*.json")) if base.is_dir() else []
    if not files:
        return [Subtask(name="all", index=0, max_score=100, tests=test_names)]
    subtasks = []
    for path in files:
        match = SUBTASK_FILE.match(path.name)
        if match is None:
            raise ImportFailed(f"subtasks/{path.name}: name is not NN-name.json")
        data = read_json(path, f"subtasks/{path.name}")
        try:
            spec = SubtaskFile.model_validate(data)
        except ValidationError as exc:
            raise ImportFailed(f"subtasks/{path.name}: {describe_validation(exc)}") from None
        index = int(match.group(1))
        subtasks.append(
            Subtask(
                name=match.group(2) or match.group(1),
                index=index,
                max_score=spec.score,
                tests=spec.testcases,
            )
        )
    subtasks.sort(key=lambda s: s.index)
    return subtasks
