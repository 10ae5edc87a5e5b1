"""The problem model: one definition shared by importers, the store, task types,
the worker and the API.

A :class:`Problem` describes a task and names its files by paths relative to the
problem's version directory (see :mod:`judge.problems.store` for the layout).
Its :attr:`Problem.version` is a content hash of everything that affects judging,
so every result can name the exact problem version it was judged against.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel, Field, model_validator


class TaskType(StrEnum):
    """CMS's task type names (``problem.json`` ``task_type``); TPS types map onto them."""

    BATCH = "Batch"
    COMMUNICATION = "Communication"
    OUTPUT_ONLY = "OutputOnly"
    BATCH_AND_OUTPUT = "BatchAndOutput"


PROBLEM_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
_NUMBERED = re.compile(r"^(\d+)-(.+)$")


class BatchParams(BaseModel):
    """Batch: compile alone or with a grader; stdin/stdout or named files; diff or checker."""

    compilation: Literal["alone", "grader"] = "alone"
    input_file: str | None = Field(None, description="Named input file; None reads stdin.")
    output_file: str | None = Field(None, description="Named output file; None is stdout.")
    evaluation: Literal["diff", "checker"] = "diff"
    output_only_tests: list[str] = Field(
        default_factory=list,
        description="BatchAndOutput: tests answered by an output file only "
        "(CMS output_only_testcases); the others run the program or take a file.",
    )


class CommunicationParams(BaseModel):
    """Communication: a manager and ``num_processes`` user processes over FIFOs."""

    num_processes: int = Field(1, ge=1, le=64)
    user_io: Literal["std_io", "fifo_io"] = "std_io"
    compilation: Literal["stub", "alone"] = Field(
        "stub", description="stub: the submission is linked with the problem's stub; alone: not."
    )
    manager_output_to_checker: bool = Field(
        False,
        description="TPS (IOI 2017) Communication: the manager's stdout is not a score but the "
        "contestant's output, judged by the problem's checker against the test's expected "
        "output (TPS check_test.sh); CMS's Communication reads the manager's score.",
    )


class GraderFiles(BaseModel):
    """Files compiled or included together with a submission in one language family.

    ``sources`` are compiled and linked with the submission (a Batch ``grader.cpp``
    or a Communication ``stub.cpp``); ``headers`` are only made available in the
    compile directory (``aplusb.h``). Paths are relative to the problem directory.
    """

    sources: list[str] = Field(default_factory=list)
    headers: list[str] = Field(default_factory=list)


class TrustedProgram(BaseModel):
    """A program of the problem's own (checker or manager), compiled once per version."""

    source: str = Field(description="Path of the main source, relative to the problem dir.")
    headers: list[str] = Field(default_factory=list, description="Files it includes.")


class TestCase(BaseModel):
    __test__ = False  # not a pytest test class

    name: str
    input: str = Field(description="Path of the input file, relative to the problem dir.")
    output: str | None = Field(None, description="Path of the expected output, if any.")


class Subtask(BaseModel):
    name: str
    index: int
    max_score: float
    tests: list[str]


class NamedSubtask(Protocol):
    """Anything that stands for a subtask by name and index: the problem's own
    :class:`Subtask`, a subtask of a result, a row of a rescoring file."""

    @property
    def name(self) -> str: ...

    @property
    def index(self) -> int: ...


AnySubtask = TypeVar("AnySubtask", bound=NamedSubtask)


def match_subtask(target: str, subtasks: Sequence[AnySubtask]) -> AnySubtask | None:
    """The subtask ``target`` means among ``subtasks``, or None.

    Datasets name subtasks ``NN-name`` (open-r1: ``01-len64``) while the store
    keeps ``len64`` at index 1 (CMS ``subtasks/01-len64.json``). Tried in order:
    the exact name; the index (``"1"``); ``NN-name`` whose name and index both
    match; ``NN-name`` whose name matches one subtask."""
    for sub in subtasks:
        if sub.name == target:
            return sub
    for sub in subtasks:
        if str(sub.index) == target:
            return sub
    numbered = _NUMBERED.match(target)
    if numbered is None:
        return None
    number, rest = int(numbered.group(1)), numbered.group(2)
    for sub in subtasks:
        if sub.name == rest and sub.index == number:
            return sub
    same_name = [sub for sub in subtasks if sub.name == rest]
    return same_name[0] if len(same_name) == 1 else None


class ReferenceSolution(BaseModel):
    path: str = Field(description="Path relative to the problem dir.")
    category: str = Field(description="Expected verdict category, e.g. model_solution.")
    language: str = Field(description="Language name, e.g. cpp17 or python3.")
    subtask_categories: dict[str, str] = Field(
        default_factory=dict,
        description="Expected category per subtask name where it differs from `category` "
        "(TPS solutions.json `except`).",
    )


class Problem(BaseModel):
    """A task as the judge sees it. ``version`` is filled by :func:`compute_version`."""

    id: str = Field(pattern=PROBLEM_ID_PATTERN)
    name: str
    year: int | None = None
    day: int | None = None
    task_type: TaskType
    time_limit: float = Field(gt=0, description="Seconds of CPU time per process.")
    memory_limit: int = Field(gt=0, description="Bytes per process.")
    score_precision: int = Field(2, ge=0, le=10)
    batch: BatchParams | None = None
    communication: CommunicationParams | None = None
    graders: dict[str, GraderFiles] = Field(
        default_factory=dict, description="Per language family (a Language's family)."
    )
    checker: TrustedProgram | None = None
    manager: TrustedProgram | None = None
    tests: list[TestCase]
    subtasks: list[Subtask]
    solutions: list[ReferenceSolution] = Field(default_factory=list)
    version: str = ""

    @model_validator(mode="after")
    def _check_consistency(self) -> Problem:
        names = [t.name for t in self.tests]
        if len(set(names)) != len(names):
            raise ValueError("duplicate test names")
        known = set(names)
        for sub in self.subtasks:
            missing = [t for t in sub.tests if t not in known]
            if missing:
                raise ValueError(f"subtask {sub.name!r} names missing tests: {missing[:5]}")
        if self.task_type in (TaskType.BATCH, TaskType.BATCH_AND_OUTPUT) and self.batch is None:
            self.batch = BatchParams()
        output_only = self.batch.output_only_tests if self.batch else []
        unknown = [t for t in output_only if t not in known]
        if unknown:
            raise ValueError(f"output-only tests that do not exist: {unknown[:5]}")
        if self.task_type is TaskType.COMMUNICATION:
            if self.communication is None:
                self.communication = CommunicationParams()
            if self.manager is None:
                raise ValueError("a Communication problem needs a manager")
            if self.communication.manager_output_to_checker and self.checker is None:
                raise ValueError("manager_output_to_checker needs a checker")
        return self

    @property
    def max_score(self) -> float:
        return sum(s.max_score for s in self.subtasks)

    def test(self, name: str) -> TestCase:
        for t in self.tests:
            if t.name == name:
                return t
        raise KeyError(name)

    def find_subtask(self, target: str) -> Subtask | None:
        """The subtask a request or a dataset row means: its name, its index
        (``"1"``) or ``NN-name`` (see :func:`match_subtask`)."""
        return match_subtask(target, self.subtasks)

    def judged_files(self) -> list[str]:
        """Every file whose content affects judging, sorted."""
        files: set[str] = set()
        for t in self.tests:
            files.add(t.input)
            if t.output:
                files.add(t.output)
        files.update(self.grader_side_files())
        return sorted(files)

    def grader_side_files(self) -> list[str]:
        """The files of the problem's own side, sorted: graders, stubs, their
        headers, the checker and the manager with theirs."""
        return grader_side_files(self.graders, self.checker, self.manager)


def grader_side_files(
    graders: Mapping[str, GraderFiles], *programs: TrustedProgram | None
) -> list[str]:
    """Every file of ``graders`` and of the trusted ``programs`` (None skipped), sorted."""
    files: set[str] = set()
    for g in graders.values():
        files.update(g.sources + g.headers)
    for prog in programs:
        if prog is not None:
            files.update([prog.source, *prog.headers])
    return sorted(files)


_VERSION_EXCLUDED = {"version", "solutions", "name", "year", "day"}


def compute_version(problem: Problem, root: Path) -> str:
    """Content hash of everything that affects judging: the judging fields of the
    model and the bytes of every file they name. Names, years and reference
    solutions do not change a verdict and are left out."""
    h = hashlib.sha256()
    meta = problem.model_dump(mode="json", exclude=_VERSION_EXCLUDED)
    h.update(json.dumps(meta, sort_keys=True).encode())
    for rel in problem.judged_files():
        h.update(b"\0file\0" + rel.encode() + b"\0")
        with open(root / rel, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()[:16]
