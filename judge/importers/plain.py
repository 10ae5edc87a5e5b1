"""The plain directory format, for stdin/stdout problems in the Codeforces style::

    problem.toml          name, time_limit (s), memory_limit_mb, optional subtasks
    tests/NAME.in         inputs
    tests/NAME.out        expected outputs (required unless there is a checker)
    checker.cpp           optional, CMS convention (or checker/checker.cpp + headers)
    solutions/<category>/ optional reference solutions

Without ``[[subtasks]]`` the problem has one subtask of all tests worth 100.
A subtask's ``tests`` are test names or glob patterns (``"small-*"``).
"""

from __future__ import annotations

import fnmatch
import io
import tomllib
import zipfile
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from judge.importers.common import (
    MAX_MEMORY_BYTES,
    Draft,
    ProblemDraft,
    Score,
    TimeLimit,
    check_subtask_tests,
    discover_solutions,
    discover_tests,
    problem_validation,
)
from judge.importers.errors import ImportFailed, describe_validation
from judge.problems.model import BatchParams, Subtask, TaskType, TrustedProgram

MANIFEST = "problem.toml"


class PlainSubtask(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    score: Score
    tests: list[str] = Field(min_length=1)


class PlainSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    name: str | None = None
    year: int | None = None
    day: int | None = None
    time_limit: TimeLimit = Field(1.0, description="Seconds of CPU time.")
    memory_limit_mb: int = Field(256, gt=0, le=MAX_MEMORY_BYTES // (1 << 20), description="MiB.")
    score_precision: int = 2
    input_file: str | None = None
    output_file: str | None = None
    checker: str | None = Field(None, description="Checker source, relative to the root.")
    subtasks: list[PlainSubtask] = Field(default_factory=list)


@problem_validation()
def load_plain(root: Path, default_id: str) -> Draft:
    spec = _read_spec(root)
    checker, checker_files = _checker(root, spec.checker)
    tests, test_files = discover_tests(root / "tests", require_output=checker is None)
    names = [t.name for t in tests]
    subtasks = _subtasks(spec.subtasks, names)
    check_subtask_tests(subtasks, tests)
    solutions, solution_files = discover_solutions(root)
    problem = ProblemDraft(
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
    return Draft(problem, {**checker_files, **test_files, **solution_files})


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


def _checker(root: Path, named: str | None) -> tuple[TrustedProgram | None, dict[str, Path]]:
    """The checker goes to ``checker/checker.cpp``, with the headers beside it."""
    if named is not None:
        source = root / named
        if ".." in Path(named).parts or Path(named).is_absolute() or not source.is_file():
            raise ImportFailed(f"{MANIFEST}: checker {named!r} is not a file of the problem")
    else:
        candidates = [root / "checker.cpp", root / "checker" / "checker.cpp"]
        found = [c for c in candidates if c.is_file()]
        if not found:
            return None, {}
        source = found[0]
    files = {"checker/checker.cpp": source}
    for header in sorted(source.parent.glob("*.h")):
        files[f"checker/{header.name}"] = header
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
