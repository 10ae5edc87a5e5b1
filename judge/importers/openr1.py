"""open-r1 IOI dataset rows: ``open-r1/ioi`` (one row per subtask) joined with
``open-r1/ioi-test-cases`` (one row per test), read from local files.

Units, as published: ``time_limit`` in seconds (0.5 to 4.5) and ``memory_limit``
in bytes (1073741824 to 2147483648, i.e. 1 and 2 GiB). ``memory_unit="auto"``
also reads values below 1 MiB as MiB, for copies that store megabytes;
``"bytes"`` or ``"mb"`` force one reading.

``grader_files`` are ``[name, content]`` pairs with CMS names (``graders/grader.cpp``,
``graders/stub.cpp``, ``graders/manager.cpp``, ``graders/<task>.h``,
``checker/checker.cpp``) and are mapped as in a CMS package. The rows do not
carry a Communication task's number of processes; it is read from the manager's
``registerManager("<task>", N, argc, argv)`` call (the IOI manager library, whose
argument is the number of FIFO pairs the manager opens), falling back to 1.
A ``num_processes`` column, if a file has one, wins.

A problem's id is ``id_template.format(year=..., id=...)``, ``<year>-<id>`` by
default (``2024-message``): stable across re-imports and unique across years.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from judge.importers.archive import Budget, safe_relpath
from judge.importers.cms import task_setup
from judge.importers.cms_params import TaskParams
from judge.importers.common import (
    MANAGER,
    TEST_NAME,
    Draft,
    ProblemDraft,
    Score,
    TimeLimit,
    check_problem_id,
    check_subtask_tests,
    map_graders,
    memory_bytes,
    problem_validation,
    store_draft,
)
from judge.importers.errors import ImportFailed, describe_validation
from judge.importers.rows import iter_rows
from judge.problems.model import Subtask, TaskType, TestCase
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import ArchiveLimits

SUBTASK_NAME = re.compile(r"^(\d+)-(.+)$")
REGISTER_MANAGER = re.compile(r'registerManager\s*\(\s*"[^"]*"\s*,\s*(\d+)\s*,')
SHARED_FIELDS = ("name", "task_type", "time_limit", "memory_limit", "score_precision", "day")


class OpenR1Subtask(BaseModel):
    """One row of ``open-r1/ioi``."""

    model_config = ConfigDict(extra="ignore")

    year: int
    day: str | int | None = None
    name: str
    id: str
    subtask: str
    score: Score
    time_limit: TimeLimit = Field(description="Seconds.")
    memory_limit: float = Field(gt=0, allow_inf_nan=False,
                                description="Bytes as published; see memory_unit.")
    score_precision: int = 2
    task_type: str
    test_names: list[str]
    grader_files: list[list[str | None]] = Field(default_factory=list)
    num_processes: int | None = None


class OpenR1Test(BaseModel):
    """One row of ``open-r1/ioi-test-cases``."""

    model_config = ConfigDict(extra="ignore")

    year: int
    problem_id: str
    test_name: str
    test_input: str
    test_output: str | None = None


OnError = Callable[[str, ImportFailed], None]
T = TypeVar("T")


def import_openr1(
    problems_file: Path,
    tests_file: Path | Sequence[Path],
    store: ProblemStore,
    limits: ArchiveLimits | None = None,
    *,
    only: Collection[str] | None = None,
    id_template: str = "{year}-{id}",
    memory_unit: str = "auto",
    on_error: OnError | None = None,
) -> list[StoredProblem]:
    """Import every problem of ``problems_file`` with its tests from ``tests_file``
    (one file or several, e.g. one per year). ``only`` keeps problems whose
    ``id`` or resulting problem id is listed.

    Without ``on_error``, the first bad problem raises :class:`ImportFailed` and
    nothing is stored. With it, bad problems are reported to it and skipped; the
    others are imported."""
    limits = limits or ArchiveLimits()
    memory_bytes(1, memory_unit)  # refuse an unknown unit before reading anything
    files = [Path(tests_file)] if isinstance(tests_file, str | Path) else list(tests_file)
    groups = _read_problems(Path(problems_file), id_template, only)
    try:
        return _import_groups(groups, files, store, limits, memory_unit, on_error)
    except OSError as exc:  # the data directory itself, not the rows
        raise ImportFailed(f"cannot use the data directory: {exc.strerror or exc}") from None


def _import_groups(
    groups: dict[str, list[OpenR1Subtask]],
    files: list[Path],
    store: ProblemStore,
    limits: ArchiveLimits,
    memory_unit: str,
    on_error: OnError | None,
) -> list[StoredProblem]:
    failed: dict[str, ImportFailed] = {}
    with contextlib.ExitStack() as stack:
        staged = {
            pid: _Staged(pid, rows, stack.enter_context(store.staging()) / "out", limits)
            for pid, rows in groups.items()
        }
        for pid, s in staged.items():
            _guard(failed, pid, s.write_graders)
        _write_tests(files, staged, failed)
        drafts: dict[str, Draft] = {}
        for pid, s in staged.items():
            draft = None if pid in failed else _guard(failed, pid, s.draft, memory_unit)
            if draft is not None:
                drafts[pid] = draft
        _report(failed, on_error)
        return [store_draft(d, staged[pid].out, store) for pid, d in drafts.items()]


def _guard(
    failed: dict[str, ImportFailed], pid: str, step: Callable[..., T], *args: Any
) -> T | None:
    """Run one step of one problem; a failure marks that problem failed."""
    try:
        return step(*args)
    except ImportFailed as exc:
        failed.setdefault(pid, ImportFailed(f"{pid}: {exc}"))
        return None


def _report(failed: dict[str, ImportFailed], on_error: OnError | None) -> None:
    if not failed:
        return
    if on_error is None:
        raise next(iter(failed.values()))
    for pid, exc in failed.items():
        on_error(pid, exc)


def _read_problems(
    path: Path, id_template: str, only: Collection[str] | None
) -> dict[str, list[OpenR1Subtask]]:
    groups: dict[str, list[OpenR1Subtask]] = {}
    for where, raw in iter_rows(path):
        try:
            row = OpenR1Subtask.model_validate(raw)
        except ValidationError as exc:
            raise ImportFailed(f"{where}: {describe_validation(exc)}") from None
        try:
            pid = id_template.format(year=row.year, id=row.id)
        except (KeyError, IndexError, ValueError) as exc:
            raise ImportFailed(f"invalid id template {id_template!r}: {exc}") from None
        if only is not None and row.id not in only and pid not in only:
            continue
        check_problem_id(pid)
        groups.setdefault(pid, []).append(row)
    if not groups:
        which = " matching the selection" if only else ""
        raise ImportFailed(f"{path.name}: no problems{which}")
    return groups


def _write_tests(
    files: list[Path], staged: dict[str, _Staged], failed: dict[str, ImportFailed]
) -> None:
    by_key: dict[tuple[Any, Any], _Staged] = {
        (s.rows[0].year, s.rows[0].id): s for s in staged.values()
    }
    for path in files:
        for where, raw in iter_rows(path):
            key = (raw.get("year"), raw.get("problem_id"))
            target = by_key.get(key)
            if target is None or target.pid in failed:
                continue
            try:
                test = OpenR1Test.model_validate(raw)
            except ValidationError as exc:
                raise ImportFailed(f"{where}: {describe_validation(exc)}") from None
            _guard(failed, target.pid, target.write_test, test)


class _Staged:
    """One problem being written into its staging directory."""

    def __init__(self, pid: str, rows: list[OpenR1Subtask], out: Path, limits: ArchiveLimits):
        self.pid = pid
        self.rows = rows
        self.out = out
        self.budget = Budget(limits, pid)
        self.outputs: dict[str, bool] = {}

    def _write(self, rel: str, text: str) -> None:
        data = text.encode("utf-8")
        self.budget.add_file(rel)
        self.budget.add_bytes(rel, len(data), len(data))
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def write_graders(self) -> None:
        """The first row's grader files (every row of a problem carries the same)."""
        self.out.mkdir(parents=True, exist_ok=True)
        for pair in self.rows[0].grader_files:
            name, content = pair if len(pair) == 2 else (None, None)
            if name is None:
                raise ImportFailed(f"grader_files entry {pair!r:.60} is not a [name, content] pair")
            if content:
                self._write(str(safe_relpath(name, "grader file")), content)

    def write_test(self, test: OpenR1Test) -> None:
        name = test.test_name
        if not TEST_NAME.match(name):
            raise ImportFailed(f"invalid test name {name!r}")
        if name in self.outputs:
            raise ImportFailed(f"test {name} appears twice in the tests file")
        self._write(f"tests/{name}.in", test.test_input)
        if test.test_output is not None:
            self._write(f"tests/{name}.out", test.test_output)
        self.outputs[name] = test.test_output is not None

    @problem_validation()
    def draft(self, memory_unit: str) -> Draft:
        first = self.rows[0]
        for field in SHARED_FIELDS:
            if len({getattr(r, field) for r in self.rows}) > 1:
                raise ImportFailed(f"its subtask rows disagree on {field}")
        try:
            task_type = TaskType(first.task_type)
        except ValueError:
            raise ImportFailed(f"unsupported task_type {first.task_type!r}") from None
        memory_limit = memory_bytes(first.memory_limit, memory_unit)
        grader_set = map_graders(self.out, task_type is TaskType.COMMUNICATION)
        setup = task_setup(task_type, self._params(task_type), grader_set)
        tests = self._tests(
            require_output=task_type is TaskType.BATCH and grader_set.checker is None
        )
        subtasks = self._subtasks()
        check_subtask_tests(subtasks, tests)
        problem = ProblemDraft(
            **dict(setup),
            id=self.pid,
            name=first.name,
            year=first.year,
            day=parse_day(first.day),
            time_limit=first.time_limit,
            memory_limit=memory_limit,
            score_precision=first.score_precision,
            tests=tests,
            subtasks=subtasks,
        )
        return Draft(problem)

    def _params(self, task_type: TaskType) -> TaskParams:
        """The task parameters the rows carry: a Communication task's number of
        processes, from its column or else from the manager's source."""
        if task_type is not TaskType.COMMUNICATION:
            return TaskParams()
        return TaskParams(num_processes=self.rows[0].num_processes or manager_processes(self.out))

    def _tests(self, require_output: bool) -> list[TestCase]:
        if not self.outputs:
            raise ImportFailed("the tests file has no tests for it")
        tests = []
        for name, has_output in sorted(self.outputs.items()):
            if require_output and not has_output:
                raise ImportFailed(f"test {name} has no expected output")
            out = f"tests/{name}.out" if has_output else None
            tests.append(TestCase(name=name, input=f"tests/{name}.in", output=out))
        return tests

    def _subtasks(self) -> list[Subtask]:
        subtasks = []
        for position, row in enumerate(self.rows):
            match = SUBTASK_NAME.match(row.subtask)
            index, name = (position, row.subtask)
            if match:
                index, name = int(match.group(1)), match.group(2)
            subtasks.append(
                Subtask(name=name, index=index, max_score=row.score, tests=row.test_names)
            )
        return sorted(subtasks, key=lambda s: s.index)


def manager_processes(root: Path) -> int:
    """N of the manager's ``registerManager("task", N, argc, argv)``, else 1."""
    try:
        text = (root / MANAGER).read_text(errors="replace")
    except OSError:
        return 1
    match = REGISTER_MANAGER.search(text)
    return max(1, int(match.group(1))) if match else 1


def parse_day(day: str | int | None) -> int | None:
    """``day1`` -> 1, ``practice``/``day0`` -> 0; None when it says nothing."""
    if day is None or isinstance(day, int):
        return day
    if day.strip().lower() == "practice":
        return 0
    digits = re.search(r"\d+", day)
    return int(digits.group()) if digits else None
