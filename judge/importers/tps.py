"""TPS task packages, the layout IOI 2017-2023 prepared and published tasks in
(``ioi-2017/tps``, ``docs/README.md``)::

problem.json          name, title, type (Batch | Communication | OutputOnly),
                      time_limit (s), memory_limit (MB), optional has_grader,
                      has_manager, has_checker, num_processes, score_precision,
                      type_params (passed to CMS by TPS's exporter)
subtasks.json         {"subtasks": {"<name>": {"index": i, "score": s}, ...}}
tests/                NAME.in, NAME.out and ``mapping`` ("<subtask> <test>" lines)
grader/cpp/           grader.cpp + <name>.h (a Communication task's stub)
grader/py/            grader.py
grader/manager.cpp    Communication: the manager (+ grader/*.h)
checker/checker.cpp   + checker/*.h
solution/             reference solutions, named in solutions.json with a
                      ``verdict`` and per-subtask ``except``

The files are stored under CMS's names (``graders/grader.cpp`` or
``graders/stub.cpp``, ``graders/manager.cpp``, ``checker/checker.cpp``,
``solutions/<verdict>/``), as TPS's own CMS exporter and CMS's TPS loader place
them. ``gen/``, ``validator/``, ``sandbox/``, ``public/``, ``scripts/`` are not
read: tests must be present, generators are not run.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from judge.importers import common
from judge.importers.cms import read_json, task_setup
from judge.importers.cms_params import TaskParams, parse_task_params
from judge.importers.errors import ImportFailed, describe_validation
from judge.importers.tps_solutions import read_solutions
from judge.languages.registry import family_languages
from judge.problems.model import (
    GraderFiles,
    Subtask,
    TaskType,
    TestCase,
    TrustedProgram,
)

TYPES = {
    "Batch": TaskType.BATCH,
    "Communication": TaskType.COMMUNICATION,
    "OutputOnly": TaskType.OUTPUT_ONLY,
}
GRADER_DIRS = {"cpp": "cpp", "python": "py"}  # language family -> grader/<dir>/
MAPPING = "tests/mapping"
CHECKER_SOURCE = f"checker/{common.TRUSTED.program_file('checker')}"
PROBLEM_DATA_SH = "scripts/internal/problem_data.sh"  # where TPS reads problem.json
GEN_DATA = "gen/data"
TEST_OF_SUBTASK = re.compile(r"^(\d+)-\d+$")
# A stub that opens the FIFOs it is given (``fopen(argv[1], ...)``) talks over
# them; one that does not reads stdin and writes stdout (CMS fifo_io / std_io).
OPENS_ARGV = re.compile(r"\b(?:fopen|open|f?stream)\s*\(\s*argv\s*\[\s*[12]\s*\]")
M = TypeVar("M", bound=BaseModel)


class TpsProblemJson(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str
    code: str | None = None
    title: str | None = None
    type: str
    time_limit: common.TimeLimit
    memory_limit: int = Field(gt=0, description="MB")
    score_precision: int = 2
    grader_name: str = Field("grader", pattern=r"^[A-Za-z0-9_]+$")
    has_grader: bool | None = None
    has_manager: bool | None = None
    has_checker: bool | None = None
    num_processes: int | None = None
    type_params: dict[str, Any] | None = None
    year: int | None = None
    day: int | None = None


class TpsSubtask(BaseModel):
    model_config = ConfigDict(extra="ignore")

    index: int = Field(ge=0)
    score: common.Score


class TpsSubtasks(BaseModel):
    model_config = ConfigDict(extra="ignore")

    subtasks: dict[str, TpsSubtask] = Field(min_length=1)


@common.problem_validation()
def load_tps(root: Path, default_id: str) -> common.Draft:
    """A draft of the TPS package unpacked at ``root``."""
    meta = _model(TpsProblemJson, root, "problem.json")
    task_type = TYPES.get(meta.type)
    if task_type is None:
        raise ImportFailed(
            f"problem.json: unsupported TPS type {meta.type!r} (Batch, Communication, OutputOnly)"
        )
    grader_set, files = _grader_set(root, meta, task_type)
    setup = task_setup(task_type, _params(meta, task_type, grader_set, files), grader_set)
    if setup.communication is not None and grader_set.checker is not None:
        # TPS runs the checker on the manager's output (check_test.sh).
        setup.communication.manager_output_to_checker = True
        setup.checker = grader_set.checker
    diff = setup.checker is None and task_type is not TaskType.COMMUNICATION
    tests, test_files = _tests(root, require_output=diff)
    subtasks = _subtasks(root, tests)
    solutions, solution_files = read_solutions(root, subtasks)
    problem = common.ProblemDraft(
        **dict(setup),
        id=meta.name or meta.code or default_id,
        name=meta.title or meta.name,
        year=meta.year,
        day=meta.day,
        time_limit=meta.time_limit,
        memory_limit=common.memory_bytes(meta.memory_limit, "mb"),
        score_precision=meta.score_precision,
        tests=tests,
        subtasks=subtasks,
        solutions=solutions,
    )
    named = set(problem.grader_side_files())  # an unused checker is not kept
    kept = {rel: src for rel, src in files.items() if rel in named}
    return common.Draft(problem, {**kept, **test_files, **solution_files})


def _model(model: type[M], root: Path, rel: str) -> M:
    data = read_json(root / rel, rel)
    if not isinstance(data, dict):
        raise ImportFailed(f"{rel} must hold a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ImportFailed(f"{rel}: {describe_validation(exc)}") from None


def _grader_set(
    root: Path, meta: TpsProblemJson, task_type: TaskType
) -> tuple[common.GraderSet, dict[str, Path]]:
    """The graders, manager and checker, with where each stored file comes from."""
    files: dict[str, Path] = {}
    communication = task_type is TaskType.COMMUNICATION
    has_grader = _flag(meta.has_grader, task_type is not TaskType.OUTPUT_ONLY)
    has_manager = _flag(meta.has_manager, communication)
    if has_manager and not communication:
        raise ImportFailed(
            f"problem.json: has_manager is only understood for Communication, not {meta.type}"
        )
    role = "stub" if communication else "grader"
    graders = _graders(root, meta.grader_name, role, files) if has_grader else {}
    if has_grader and not graders:
        raise ImportFailed("problem.json: has_grader but there is no grader/cpp/grader.cpp")
    manager = _program(root, "grader", "manager", "graders", files) if has_manager else None
    if has_manager and manager is None:
        raise ImportFailed("a Communication task needs grader/manager.cpp")
    checker = None
    if _uses_checker(root, meta, communication):
        checker = _program(root, "checker", "checker", "checker", files)
        if meta.has_checker and checker is None:
            raise ImportFailed("problem.json: has_checker but there is no checker/checker.cpp")
    return common.GraderSet(graders, checker, manager), files


def _uses_checker(root: Path, meta: TpsProblemJson, communication: bool) -> bool:
    """``has_checker``, else TPS's default. Batch and OutputOnly: a checker.
    Communication: TPS since ``has_checker`` exists defaults to none (the manager
    scores); the IOI 2017 scripts, which have no such flag, always run the checker
    on the manager's output. The package's own ``scripts/`` say which TPS it is."""
    if meta.has_checker is not None or not communication:
        return _flag(meta.has_checker, True)
    if not (root / CHECKER_SOURCE).is_file():
        return False
    scripts = root / PROBLEM_DATA_SH
    if scripts.is_file():
        return "HAS_CHECKER" not in scripts.read_text(encoding="utf-8", errors="replace")
    raise ImportFailed(
        "problem.json: a Communication task with checker/checker.cpp must say has_checker "
        "(whether the checker judges the manager's output); the package's TPS scripts do not tell"
    )


def _flag(stated: bool | None, default: bool) -> bool:
    """A problem.json flag, with TPS's default for the type (problem_data.sh)."""
    return default if stated is None else stated


def _graders(
    root: Path, grader_name: str, role: str, files: dict[str, Path]
) -> dict[str, GraderFiles]:
    """``grader/<lang>/<grader_name>.<ext>`` of each family, stored as
    ``graders/<role>.<ext>`` with the family's headers beside it."""
    graders: dict[str, GraderFiles] = {}
    for lang in family_languages():
        folder = root / "grader" / GRADER_DIRS.get(lang.family, lang.family)
        main = folder / lang.program_file(grader_name)
        if not main.is_file():
            continue
        source = f"graders/{lang.program_file(role)}"
        _place(files, source, main)
        headers = [_place(files, f"graders/{p.name}", p) for p in _headers(folder, lang)]
        graders[lang.family] = GraderFiles(sources=[source], headers=sorted(headers))
    return graders


def _program(
    root: Path, folder: str, stem: str, dest: str, files: dict[str, Path]
) -> TrustedProgram | None:
    main = root / folder / common.TRUSTED.program_file(stem)
    if not main.is_file():
        return None
    source = _place(files, f"{dest}/{main.name}", main)
    headers = [_place(files, f"{dest}/{p.name}", p) for p in _headers(root / folder)]
    return TrustedProgram(source=source, headers=sorted(headers))


def _headers(folder: Path, lang: Any = common.TRUSTED) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and lang.is_header(p.name))


def _place(files: dict[str, Path], rel: str, src: Path) -> str:
    """Name ``src`` ``rel`` in the store; two different files under one name are refused."""
    if rel in files and files[rel].read_bytes() != src.read_bytes():
        raise ImportFailed(f"two different files would be stored as {rel}")
    files[rel] = src
    return rel


def _params(
    meta: TpsProblemJson, task_type: TaskType, grader_set: common.GraderSet, files: dict[str, Path]
) -> TaskParams:
    """What problem.json's flags say, in CMS's terms (as CMS's TPS loader turns
    them); ``type_params`` may add to them but not contradict them."""
    stated = parse_task_params(task_type, meta.type_params or {})
    derived: dict[str, Any] = {}
    if task_type is TaskType.BATCH:
        derived["compilation"] = "grader" if grader_set.graders else "alone"
    if task_type is TaskType.COMMUNICATION:
        derived["compilation"] = "stub" if grader_set.graders else "alone"
        derived["num_processes"] = meta.num_processes or 1
        if stated.user_io is None:
            derived["user_io"] = _stub_io(grader_set, files)
    elif meta.num_processes is not None:
        raise ImportFailed("problem.json: num_processes is only understood for Communication")
    if task_type is not TaskType.COMMUNICATION:
        derived["evaluation"] = "comparator" if grader_set.checker is not None else "diff"
    for name, value in derived.items():
        given = getattr(stated, name)
        if given is not None and given != value:
            raise ImportFailed(f"problem.json: type_params {name} {given!r} contradicts {value!r}")
    return stated.model_copy(update=derived)


def _stub_io(grader_set: common.GraderSet, files: dict[str, Path]) -> str:
    cpp = grader_set.graders.get(common.TRUSTED.family)
    if cpp is None:
        return "std_io"
    text = files[cpp.sources[0]].read_text(encoding="utf-8", errors="replace")
    return "fifo_io" if OPENS_ARGV.search(text) else "std_io"


def _tests(root: Path, require_output: bool) -> tuple[list[TestCase], dict[str, Path]]:
    tests_dir = root / "tests"
    if not tests_dir.is_dir() or not any(tests_dir.glob("*.in")):
        raise ImportFailed(
            "the TPS package has no tests (tests/*.in): generate them with `tps gen` "
            "and package tests/ too; the judge does not run generators"
        )
    return common.discover_tests(tests_dir, require_output=require_output)


def _subtasks(root: Path, tests: list[TestCase]) -> list[Subtask]:
    spec = _model(TpsSubtasks, root, "subtasks.json")
    names = [t.name for t in tests]
    mapping = _mapping(root, spec, set(names))
    subtasks = []
    for name, sub in spec.subtasks.items():
        sub_tests = mapping.get(name, [])
        if not sub_tests:
            raise ImportFailed(f"subtask {name!r} has no tests in {MAPPING}")
        subtasks.append(Subtask(name=name, index=sub.index, max_score=sub.score, tests=sub_tests))
    subtasks.sort(key=lambda s: s.index)
    common.check_subtask_tests(subtasks, tests)
    return subtasks


def _mapping(root: Path, spec: TpsSubtasks, tests: set[str]) -> dict[str, list[str]]:
    """Subtask name -> its tests, from ``tests/mapping`` (what ``tps gen`` writes and
    TPS's CMS exporter reads); without it, from test names when that is exact."""
    path = root / MAPPING
    if not path.is_file():
        return _mapping_from_names(root, spec, tests)
    mapping: dict[str, list[str]] = {}
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 2:
            raise ImportFailed(f"{MAPPING} line {number}: expected '<subtask> <test>'")
        subtask, test = parts
        if subtask not in spec.subtasks:
            raise ImportFailed(f"{MAPPING} line {number}: unknown subtask {subtask!r}")
        if test not in tests:
            raise ImportFailed(f"{MAPPING} line {number}: test {test!r} is not in tests/")
        if test not in mapping.setdefault(subtask, []):
            mapping[subtask].append(test)
    return mapping


def _mapping_from_names(root: Path, spec: TpsSubtasks, tests: set[str]) -> dict[str, list[str]]:
    """TPS names a generated test ``<subtask index>-<nn>``. That alone places every
    test only when no test set is included in another (``@include`` in gen/data),
    since an included test keeps its own subtask's name."""
    data = root / GEN_DATA
    includes = data.is_file() and "@include" in data.read_text(encoding="utf-8", errors="replace")
    by_index = {sub.index: name for name, sub in spec.subtasks.items()}
    mapping: dict[str, list[str]] = {}
    for test in sorted(tests):
        match = TEST_OF_SUBTASK.match(test)
        if includes or not data.is_file() or match is None or int(match.group(1)) not in by_index:
            raise ImportFailed(
                f"no {MAPPING}, and the test names and gen/data do not tell which "
                f"subtasks test {test!r} belongs to"
            )
        mapping.setdefault(by_index[int(match.group(1))], []).append(test)
    return mapping
