"""IOI/CMS task packages, the format of the official IOI ``*-CMS.zip`` archives
and of CMS's own exports (``protocol_version`` 1 and 2)::

problem.json              code, name, time_limit (s), memory_limit (bytes),
                          score_precision, task_type, task_type_params
                          (see :mod:`judge.importers.cms_params`)
subtasks/NN-name.json     {"score": S, "testcases": [...]} (+ BatchAndOutput's
                          "output_only" / "output_optional" flags)
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

from judge.importers.cms_params import TaskParams, parse_task_params
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
from judge.importers.compile_line import with_package_standard
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
PROTOCOL_VERSIONS = (1, 2)


class CmsProblemJson(BaseModel):
    model_config = ConfigDict(extra="ignore")

    protocol_version: int = 1
    code: str | None = None
    name: str | None = None
    time_limit: TimeLimit
    memory_limit: float = Field(gt=0, allow_inf_nan=False)
    score_precision: int = 2
    task_type: str = "Batch"
    task_type_params: Any = None
    year: int | None = None
    day: int | None = None


class SubtaskFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    score: Score
    testcases: list[str]
    output_only: bool = False
    output_optional: bool = False


class CmsSubtasks(BaseModel):
    """The subtasks, and the tests BatchAndOutput subtasks mark ``output_only``."""

    subtasks: list[Subtask]
    output_only_tests: list[str] = []


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
    if meta.protocol_version not in PROTOCOL_VERSIONS:
        raise ImportFailed(
            f"problem.json: protocol_version {meta.protocol_version} is not supported (1 or 2)"
        )
    try:
        task_type = TaskType(meta.task_type)
    except ValueError:
        raise ImportFailed(f"problem.json: unsupported task_type {meta.task_type!r}") from None
    params = parse_task_params(task_type, meta.task_type_params)
    memory_limit = memory_bytes(meta.memory_limit)
    grader_set = map_graders(root, task_type is TaskType.COMMUNICATION)
    setup = task_setup(task_type, params, grader_set)
    diff = setup.batch is not None and setup.batch.evaluation == "diff"
    only_diff = task_type is TaskType.OUTPUT_ONLY and setup.checker is None
    tests, test_files = discover_tests(root / "tests", require_output=diff or only_diff)
    read = read_subtasks(root, [t.name for t in tests], task_type)
    check_subtask_tests(read.subtasks, tests)
    if setup.batch is not None and read.output_only_tests:
        setup.batch.output_only_tests = sorted(
            {*setup.batch.output_only_tests, *read.output_only_tests}
        )
    solutions, solution_files = discover_solutions(root)
    solutions = with_package_standard(root, solutions)
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
        subtasks=read.subtasks,
        solutions=solutions,
    )
    files = {rel: root / rel for rel in problem.grader_side_files()}  # not an unused checker
    files.update(test_files)
    files.update(solution_files)
    return Draft(problem, files)


class TaskSetup(BaseModel):
    """How a CMS-style task is judged, read from its type, its parameters and its
    ``graders/`` and ``checker/`` folders: the judging fields of a
    :class:`ProblemDraft` (open-r1 rows and TPS packages, mapped to CMS's
    layout, use it too)."""

    task_type: TaskType
    batch: BatchParams | None
    communication: CommunicationParams | None
    graders: dict[str, GraderFiles]
    checker: TrustedProgram | None
    manager: TrustedProgram | None


def task_setup(task_type: TaskType, params: TaskParams, grader_set: GraderSet) -> TaskSetup:
    """The judging fields; a checker the evaluation does not use is left out, as
    CMS leaves it unused (``diff``, and Communication, whose manager scores)."""
    batch = communication = None
    checker = grader_set.checker
    if task_type in (TaskType.BATCH, TaskType.BATCH_AND_OUTPUT):
        batch = batch_params(task_type, params, grader_set)
        if batch.evaluation == "diff":
            checker = None
    elif task_type is TaskType.COMMUNICATION:
        communication = communication_params(params, grader_set)
        checker = None
    elif _evaluation(task_type, params, grader_set) == "diff":
        checker = None
    return TaskSetup(
        task_type=task_type,
        batch=batch,
        communication=communication,
        graders=grader_set.graders,
        checker=checker,
        manager=grader_set.manager if task_type is TaskType.COMMUNICATION else None,
    )


def _evaluation(task_type: TaskType, params: TaskParams, grader_set: GraderSet) -> str:
    """``diff`` or ``comparator``: as stated, else the checker when there is one."""
    evaluation = params.evaluation
    if evaluation is None:
        return "comparator" if grader_set.checker is not None else "diff"
    if evaluation == "comparator" and grader_set.checker is None:
        raise ImportFailed(f"{task_type} output_eval is comparator but there is no {CHECKER}")
    return evaluation


def _read_problem_json(root: Path) -> CmsProblemJson:
    data = read_json(root / "problem.json", "problem.json")
    if not isinstance(data, dict):
        raise ImportFailed("problem.json must hold a JSON object")
    try:
        return CmsProblemJson.model_validate(data)
    except ValidationError as exc:
        raise ImportFailed(f"problem.json: {describe_validation(exc)}") from None


def batch_params(task_type: TaskType, params: TaskParams, grader_set: GraderSet) -> BatchParams:
    compilation = params.compilation
    if compilation is None:
        compilation = "grader" if grader_set.graders else "alone"
    if compilation == "grader" and not grader_set.graders:
        raise ImportFailed(f"{task_type} compilation is grader but there is no graders/grader.cpp")
    evaluation = _evaluation(task_type, params, grader_set)
    return BatchParams(
        compilation="grader" if compilation == "grader" else "alone",
        input_file=params.input_file,
        output_file=params.output_file,
        evaluation="checker" if evaluation == "comparator" else "diff",
        output_only_tests=params.output_only_tests or [],
    )


def communication_params(params: TaskParams, grader_set: GraderSet) -> CommunicationParams:
    if grader_set.manager is None:
        raise ImportFailed(f"a Communication task needs {MANAGER}")
    compilation = params.compilation or "stub"
    if compilation == "stub" and not grader_set.graders:
        raise ImportFailed("Communication compilation is stub but there is no graders/stub.cpp")
    return CommunicationParams(
        num_processes=params.num_processes or 1,
        user_io="fifo_io" if params.user_io == "fifo_io" else "std_io",
        compilation="alone" if compilation == "alone" else "stub",
    )


def read_subtasks(root: Path, test_names: list[str], task_type: TaskType) -> CmsSubtasks:
    """``subtasks/NN-name.json`` in index order; one subtask of all tests worth 100
    when the package has none."""
    base = root / "subtasks"
    files = sorted(p for p in base.glob("*.json")) if base.is_dir() else []
    if not files:
        return CmsSubtasks(subtasks=[Subtask(name="all", index=0, max_score=100, tests=test_names)])
    subtasks, output_only = [], set()
    for path in files:
        match = SUBTASK_FILE.match(path.name)
        if match is None:
            raise ImportFailed(f"subtasks/{path.name}: name is not NN-name.json")
        spec = _subtask_file(path)
        flagged = spec.output_only or spec.output_optional
        if flagged and task_type is not TaskType.BATCH_AND_OUTPUT:
            raise ImportFailed(
                f"subtasks/{path.name}: output_only/output_optional need a BatchAndOutput task"
            )
        if spec.output_only:
            output_only.update(spec.testcases)
        subtasks.append(
            Subtask(
                name=match.group(2) or match.group(1),
                index=int(match.group(1)),
                max_score=spec.score,
                tests=spec.testcases,
            )
        )
    subtasks.sort(key=lambda s: s.index)
    return CmsSubtasks(subtasks=subtasks, output_only_tests=sorted(output_only))


def _subtask_file(path: Path) -> SubtaskFile:
    data = read_json(path, f"subtasks/{path.name}")
    try:
        return SubtaskFile.model_validate(data)
    except ValidationError as exc:
        raise ImportFailed(f"subtasks/{path.name}: {describe_validation(exc)}") from None
