"""The plain directory format, for stdin/stdout problems in the Codeforces style::

    problem.toml          name, time_limit (s), memory_limit_mb, optional subtasks
    tests/NAME.in         inputs
    tests/NAME.out        expected outputs (required unless there is a checker)
    checker.cpp           optional, CMS convention (or checker/checker.cpp + headers)
    solutions/<category>/ optional reference solutions

Without ``[[subtasks]]`` the problem has one subtask of all tests worth 100.
A subtask's ``tests`` are test names or glob patterns (``"small-*"``).
Without a checker, ``compare`` says how outputs are compared: ``"tokens"`` (the
default, the judge's own comparison), or one of the checkers the judge ships
(``graders/checkers/``), stored with the problem as its checker:
``"white-diff"`` (CMS's rule) or ``"float:<eps>"`` (numbers within ``eps``).
"""

from __future__ import annotations

import fnmatch
import io
import math
import re
import shutil
import tempfile
import tomllib
import zipfile
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from judge import shipped
from judge.importers import common
from judge.importers.errors import ImportFailed, describe_validation
from judge.problems.model import BatchParams, Subtask, TaskType, TrustedProgram

MANIFEST = "problem.toml"
TOKENS, WHITE_DIFF, FLOAT = "tokens", "white-diff", "float:"
CHECKER_IO = "checker_io.h"  # what the shipped checkers share
GENERATED = ".judge-checker-"  # prefix of the folder of a shipped checker's files
EPSILON = re.compile(r"\+?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")  # the checker's format, no sign


class PlainSubtask(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    score: common.Score
    tests: list[str] = Field(min_length=1)


class PlainSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    name: str | None = None
    year: int | None = None
    day: int | None = None
    time_limit: common.TimeLimit = Field(1.0, description="Seconds of CPU time.")
    memory_limit_mb: int = Field(
        256, gt=0, le=common.MAX_MEMORY_BYTES // (1 << 20), description="MiB."
    )
    score_precision: int = 2
    input_file: str | None = None
    output_file: str | None = None
    checker: str | None = Field(None, description="Checker source, relative to the root.")
    compare: str = Field(TOKENS, description='"tokens", "white-diff" or "float:<eps>".')
    subtasks: list[PlainSubtask] = Field(default_factory=list)

    @field_validator("compare")
    @classmethod
    def _known_compare(cls, value: str) -> str:
        if value in (TOKENS, WHITE_DIFF) or _epsilon(value) is not None:
            return value
        raise ValueError('must be "tokens", "white-diff" or "float:<eps>" with 0 <= eps')


@common.problem_validation()
def load_plain(root: Path, default_id: str) -> common.Draft:
    spec = _read_spec(root)
    checker, checker_files = _judged_by(root, spec)
    own_checker = checker is not None and spec.compare == TOKENS
    tests, test_files = common.discover_tests(root / "tests", require_output=not own_checker)
    names = [t.name for t in tests]
    subtasks = _subtasks(spec.subtasks, names)
    common.check_subtask_tests(subtasks, tests)
    solutions, solution_files = common.discover_solutions(root)
    problem = common.ProblemDraft(
        task_type=TaskType.BATCH,
        batch=BatchParams(
            compilation="alone",
            input_file=spec.input_file,
            output_file=spec.output_file,
            evaluation="checker" if checker is not None else "diff",
        ),
        checker=checker,
        id=spec.id or default_id,
        name=spec.name or spec.id or default_id,
        year=spec.year,
        day=spec.day,
        time_limit=spec.time_limit,
        memory_limit=spec.memory_limit_mb * (1 << 20),
        score_precision=spec.score_precision,
        tests=tests,
        subtasks=subtasks,
        solutions=solutions,
    )
    return common.Draft(problem, {**checker_files, **test_files, **solution_files})


def _read_spec(root: Path) -> PlainSpec:
    try:
        data = tomllib.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"{MANIFEST} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise ImportFailed(f"cannot read {MANIFEST}: {exc.strerror or exc}") from None
    try:
        return PlainSpec.model_validate(data)
    except ValidationError as exc:
        raise ImportFailed(f"{MANIFEST}: {describe_validation(exc)}") from None


def _judged_by(root: Path, spec: PlainSpec) -> tuple[TrustedProgram | None, dict[str, Path]]:
    """The problem's own checker, a shipped one for ``compare``, or None (tokens)."""
    checker, files = _checker(root, spec.checker)
    if spec.compare == TOKENS:
        return checker, files
    if checker is not None:
        raise ImportFailed(
            f"{MANIFEST}: compare = {spec.compare!r} and a checker exclude each other"
        )
    return _shipped_checker(root, spec.compare)


def _checker(root: Path, named: str | None) -> tuple[TrustedProgram | None, dict[str, Path]]:
    """The checker goes to ``checker/checker.cpp``, with the headers beside it."""
    if named is not None:
        source = root / named
        if ".." in Path(named).parts or Path(named).is_absolute() or not source.is_file():
            raise ImportFailed(f"{MANIFEST}: checker {named!r} is not a file of the problem")
    else:
        candidates = [root / Path(common.CHECKER).name, root / common.CHECKER]
        found = [c for c in candidates if c.is_file()]
        if not found:
            return None, {}
        source = found[0]
    folder = common.CHECKER.rsplit("/", 1)[0]
    names = common.header_names(source.parent)
    headers = {f"{folder}/{name}": source.parent / name for name in names}
    files = {common.CHECKER: source, **headers}
    return TrustedProgram(source=common.CHECKER, headers=sorted(headers)), files


def _epsilon(compare: str) -> str | None:
    """The epsilon of ``"float:<eps>"`` as written, if it is a finite decimal number."""
    text = compare.removeprefix(FLOAT)
    if text == compare or not EPSILON.fullmatch(text):
        return None
    return text if math.isfinite(float(text)) else None


def _shipped_checker(root: Path, compare: str) -> tuple[TrustedProgram, dict[str, Path]]:
    """A checker the judge ships, stored as the problem's ``checker/checker.cpp``
    with the header it includes; a float checker's epsilon goes beside them as
    ``checker/epsilon.h``.

    They are written into a dot folder of ``root``, the importer's own unpacked
    copy of the problem: the store links the files it is given, and must not link
    to the judge's installed sources."""
    work = Path(tempfile.mkdtemp(prefix=GENERATED, dir=root))
    name = "white_diff.cpp" if compare == WHITE_DIFF else "float_tolerance.cpp"
    shutil.copyfile(shipped.source(f"checkers/{name}"), work / "checker.cpp")
    shutil.copyfile(shipped.source(f"checkers/{CHECKER_IO}"), work / CHECKER_IO)
    epsilon = _epsilon(compare)
    if epsilon is not None:
        (work / "epsilon.h").write_text(f'#define FLOAT_TOLERANCE_EPSILON "{epsilon}"\n')
    files = {f"checker/{f.name}": f for f in sorted(work.iterdir())}
    headers = sorted(rel for rel in files if rel.endswith(".h"))
    return TrustedProgram(source="checker/checker.cpp", headers=headers), files


def _subtasks(specs: list[PlainSubtask], names: list[str]) -> list[Subtask]:
    if not specs:
        return [Subtask(name="all", index=0, max_score=100, tests=names)]
    subtasks = []
    for index, spec in enumerate(specs):
        tests: list[str] = []
        for pattern in spec.tests:
            matched = fnmatch.filter(names, pattern) if _is_glob(pattern) else [pattern]
            if not matched:
                raise ImportFailed(f"subtask {spec.name!r}: pattern {pattern!r} matches no test")
            tests.extend(t for t in matched if t not in tests)
        subtasks.append(Subtask(name=spec.name, index=index, max_score=spec.score, tests=tests))
    return subtasks


def _is_glob(pattern: str) -> bool:
    return any(c in pattern for c in "*?[")


def plain_archive(manifest: str, tests: Mapping[str, tuple[str, str]]) -> bytes:
    """A plain-format problem as a zip, from its ``problem.toml`` text and
    ``{name: (input, expected output)}``: what benchmarks and tests upload."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("problem.toml", manifest)
        for name, (given, expected) in tests.items():
            zf.writestr(f"tests/{name}.in", given)
            zf.writestr(f"tests/{name}.out", expected)
    return buf.getvalue()
