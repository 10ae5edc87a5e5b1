"""Pieces shared by the importers: the draft of a problem before it is stored,
test and solution discovery, the grader/checker file mapping, and placing the
files into a staging directory for :meth:`ProblemStore.add`."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Annotated

from pydantic import Field, ValidationError

from judge.importers.errors import ImportFailed, describe_validation
from judge.languages.base import Language
from judge.languages.registry import family_languages, language_for_file, trusted_language
from judge.problems.model import (
    PROBLEM_ID_PATTERN,
    GraderFiles,
    Problem,
    ReferenceSolution,
    Subtask,
    TestCase,
    TrustedProgram,
    grader_side_files,
)
from judge.problems.store import ProblemStore, StoredProblem

# Where a CMS package keeps the problem's own programs (``graders/manager.cpp``).
TRUSTED = trusted_language()
MANAGER = f"graders/{TRUSTED.program_file('manager')}"
CHECKER = f"checker/{TRUSTED.program_file('checker')}"
TEST_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,127}$")
MiB = 1 << 20
# Bounds on what a package may ask for: beyond these it is broken, not generous.
MAX_TIME_LIMIT = 3600.0
MAX_MEMORY_BYTES = 1 << 40
# The fields of every importer's input models: finite (an infinite limit or
# score would turn into null in the stored JSON) and within the bounds above.
TimeLimit = Annotated[float, Field(gt=0, le=MAX_TIME_LIMIT, allow_inf_nan=False)]
Score = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class ProblemDraft(Problem):
    """A problem as an importer reads it: typed and checked as a :class:`Problem`
    is when it is built, except its id, which the caller may still replace
    (``--id``) and checks once settled, with a clearer message
    (:func:`check_problem_id`)."""

    id: str


@contextmanager
def problem_validation() -> Iterator[None]:
    """Turn a problem model's validation error into the importer's one-line error
    (a loader's decorator: a draft is checked where it is built)."""
    try:
        yield
    except ValidationError as exc:
        raise ImportFailed(f"invalid problem: {describe_validation(exc)}") from None


@dataclass
class Draft:
    """A problem and the files it names: destination path (relative to the version
    directory) -> where the file is now."""

    problem: ProblemDraft
    files: dict[str, Path] = field(default_factory=dict)

    def build(self) -> Problem:
        """The problem to store, its settled id checked too."""
        with problem_validation():
            return Problem.model_validate(self.problem.model_dump())


def check_problem_id(problem_id: str) -> str:
    if not re.match(PROBLEM_ID_PATTERN, problem_id):
        raise ImportFailed(
            f"invalid problem id {problem_id!r}: use 1-64 letters, digits, '_', '.' or '-', "
            "starting with a letter or digit"
        )
    return problem_id


def memory_bytes(value: float, unit: str = "auto") -> int:
    """A memory limit in bytes. ``auto`` reads values below 1 MiB as MiB (nobody
    sets a limit under a megabyte; older CMS and some dataset copies store MiB)."""
    if unit == "bytes" or (unit == "auto" and value >= MiB):
        limit = value
    elif unit in ("mb", "mib", "auto"):
        limit = value * MiB
    else:
        raise ImportFailed(f"unknown memory unit {unit!r}: use auto, bytes or mb")
    if not 0 < limit <= MAX_MEMORY_BYTES:  # also false for NaN
        raise ImportFailed(f"memory limit {value!r} is out of range (at most 1 TiB)")
    return int(limit)


def discover_tests(tests_dir: Path, require_output: bool) -> tuple[list[TestCase], dict[str, Path]]:
    """Tests from ``NAME.in`` / ``NAME.out`` pairs in ``tests_dir``."""
    if not tests_dir.is_dir():
        raise ImportFailed("no tests/ directory")
    inputs = {p.name[:-3]: p for p in tests_dir.glob("*.in") if p.is_file()}
    outputs = {p.name[:-4]: p for p in tests_dir.glob("*.out") if p.is_file()}
    if not inputs:
        raise ImportFailed("no tests: tests/ has no *.in files")
    orphans = sorted(set(outputs) - set(inputs))
    if orphans:
        raise ImportFailed(f"tests/{orphans[0]}.out has no matching tests/{orphans[0]}.in")
    tests, files = [], {}
    for name in sorted(inputs):
        if not TEST_NAME.match(name):
            raise ImportFailed(f"invalid test name {name!r}")
        files[f"tests/{name}.in"] = inputs[name]
        out = None
        if name in outputs:
            out = f"tests/{name}.out"
            files[out] = outputs[name]
        elif require_output:
            raise ImportFailed(f"test {name} has no expected output tests/{name}.out")
        tests.append(TestCase(name=name, input=f"tests/{name}.in", output=out))
    return tests, files


def check_subtask_tests(subtasks: list[Subtask], tests: list[TestCase]) -> None:
    known = {t.name for t in tests}
    indexes: set[int] = set()
    for sub in subtasks:
        if sub.index in indexes:
            raise ImportFailed(f"two subtasks have the index {sub.index}")
        indexes.add(sub.index)
        missing = [t for t in sub.tests if t not in known]
        if missing:
            shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
            raise ImportFailed(f"subtask {sub.index} {sub.name!r} names missing tests: {shown}")


# Reference solutions in languages the judge does not run: kept under these
# names, and reported as skipped by ``problems verify``.
OTHER_LANGUAGES = {".java": "java", ".pas": "pascal"}


def solution_language(name: str) -> str | None:
    """The language name of a reference solution's file, or None for other files."""
    lang = language_for_file(name)
    if lang is not None:
        return lang.name
    return OTHER_LANGUAGES.get(PurePosixPath(name).suffix)


def discover_solutions(root: Path) -> tuple[list[ReferenceSolution], dict[str, Path]]:
    """``solutions/<category>/<file>``; the language comes from the extension
    (Java and Pascal kept by name) and files in other languages are left out."""
    solutions: list[ReferenceSolution] = []
    files: dict[str, Path] = {}
    base = root / "solutions"
    if not base.is_dir():
        return solutions, files
    for category in sorted(p for p in base.iterdir() if p.is_dir()):
        for path in sorted(p for p in category.iterdir() if p.is_file()):
            language = solution_language(path.name)
            if language is None:
                continue
            rel = f"solutions/{category.name}/{path.name}"
            solutions.append(ReferenceSolution(path=rel, category=category.name, language=language))
            files[rel] = path
    return solutions, files


def header_names(folder: Path, lang: Language = TRUSTED) -> list[str]:
    """The names of the headers of ``lang`` in ``folder``, sorted."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and lang.is_header(p.name))


def _headers(root: Path, folder: str, lang: Language = TRUSTED) -> list[str]:
    return [f"{folder}/{name}" for name in header_names(root / folder, lang)]


@dataclass
class GraderSet:
    """The grader-side files of a CMS-style problem, as paths relative to its root."""

    graders: dict[str, GraderFiles]
    checker: TrustedProgram | None
    manager: TrustedProgram | None

    def files(self) -> list[str]:
        return grader_side_files(self.graders, self.checker, self.manager)


def map_graders(root: Path, communication: bool) -> GraderSet:
    """Map ``graders/`` and ``checker/`` as CMS packages lay them out, with the
    file names each language family declares (:meth:`Language.program_file`).

    Batch: ``grader.cpp`` (+ ``graders/*.h``) for C++, ``grader.py`` for Python.
    Communication: ``stub.cpp`` / ``stub.py`` for the contestant side and
    ``manager.cpp`` (+ ``graders/*.h``, testlib.h included) as the manager.
    ``checker/checker.cpp`` (+ ``checker/*.h``) is the checker."""
    role = "stub" if communication else "grader"
    graders: dict[str, GraderFiles] = {}
    for lang in family_languages():
        main = f"graders/{lang.program_file(role)}"
        if (root / main).is_file():
            headers = _headers(root, "graders", lang)
            graders[lang.family] = GraderFiles(sources=[main], headers=headers)
    manager = None
    if communication and (root / MANAGER).is_file():
        manager = TrustedProgram(source=MANAGER, headers=_headers(root, "graders"))
    checker = None
    if (root / CHECKER).is_file():
        checker = TrustedProgram(source=CHECKER, headers=_headers(root, "checker"))
    return GraderSet(graders, checker, manager)


def place_files(files: dict[str, Path], out: Path) -> None:
    """Put every file at its destination under ``out`` (hard links within the
    staging file system; a copy where linking is refused)."""
    out.mkdir(parents=True, exist_ok=True)
    for rel, src in sorted(files.items()):
        dest = out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dest)
        except OSError:
            shutil.copyfile(src, dest)


def store_draft(draft: Draft, out: Path, store: ProblemStore) -> StoredProblem:
    problem = draft.build()
    place_files(draft.files, out)
    missing = [rel for rel in problem.judged_files() if not (out / rel).is_file()]
    if missing:
        raise ImportFailed(f"file {missing[0]} is named by the problem but missing")
    try:
        return store.add(out, problem)
    except OSError as exc:
        raise ImportFailed(f"cannot write to the problem store: {exc.strerror or exc}") from None
