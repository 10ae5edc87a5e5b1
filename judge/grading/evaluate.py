"""Judge one submission against one problem version: compile once, run the
needed tests (in parallel, each test once even when shared by subtasks, with
early stop), and score per subtask under IOI rules.

This is the single judging entry point used by ``ioi-judge evaluate``,
``problems verify``, the worker and rescoring.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from pydantic import BaseModel, Field

from judge.grading.scoring import score_subtasks, skipped
from judge.grading.tasktypes import task_type_for
from judge.grading.tasktypes.base import JudgeEnv, Prepared, Submission, TaskTypeBase
from judge.problems.model import Problem, Subtask
from judge.problems.store import StoredProblem
from judge.wire.results import CompileInfo, SubmissionResult, TestResult, Verdict


class UnknownSubtask(ValueError):
    """The request names a subtask the problem does not have."""


class EvaluateOptions(BaseModel):
    subtask: str | None = Field(
        None, description="Judge only this subtask (name, index or NN-name)."
    )
    early_stop: bool | None = Field(
        None, description="Stop a subtask at its first zero; default: on for one subtask."
    )
    concurrency: int | None = Field(None, ge=1, description="Parallel tests; default: settings.")

    def stops_early(self) -> bool:
        return self.early_stop if self.early_stop is not None else self.subtask is not None


ProgressCallback = Callable[[str, TestResult], None]


def select_subtasks(problem: Problem, target: str | None) -> list[Subtask]:
    """The subtasks to judge: all, or the one ``target`` names (see
    :meth:`Problem.find_subtask`). The API checks requests with it too."""
    if target is None:
        return list(problem.subtasks)
    found = problem.find_subtask(target)
    if found is None:
        known = ", ".join(s.name for s in problem.subtasks)
        raise UnknownSubtask(f"problem {problem.id!r} has no subtask {target!r} (has: {known})")
    return [found]


def tests_in_order(subtasks: list[Subtask]) -> list[str]:
    """Every test of the subtasks once, in subtask order."""
    seen: dict[str, None] = {}
    for sub in subtasks:
        for name in sub.tests:
            seen.setdefault(name)
    return list(seen)


class Evaluator:
    def __init__(self, env: JudgeEnv) -> None:
        self.env = env

    def evaluate(
        self,
        stored: StoredProblem,
        submission: Submission,
        options: EvaluateOptions | None = None,
        on_test: ProgressCallback | None = None,
        on_compiled: Callable[[CompileInfo], None] | None = None,
    ) -> SubmissionResult:
        options = options or EvaluateOptions()
        subtasks = select_subtasks(stored.problem, options.subtask)
        task = task_type_for(self.env, stored)
        prepared = task.prepare(submission)
        if on_compiled is not None:
            on_compiled(prepared.compile)
        if prepared.compile.ok:
            results = self._run_tests(task, prepared, subtasks, options, on_test)
        else:
            results = {
                name: TestResult(name=name, status=Verdict.CE, score=0.0)
                for name in tests_in_order(subtasks)
            }
        scored, total = score_subtasks(stored.problem, subtasks, results)
        ordered = [results.get(n) or skipped(n) for n in tests_in_order(subtasks)]
        return SubmissionResult(
            problem=stored.problem.id,
            problem_version=stored.problem.version,
            language=submission.language,
            compile=prepared.compile,
            score=total,
            max_score=sum(s.max_score for s in subtasks),
            subtasks=scored,
            tests=ordered,
            warnings=self.env.sandbox.warnings(),
            isolation=self.env.sandbox.isolation_mode,
        )

    def _run_tests(
        self,
        task: TaskTypeBase,
        prepared: Prepared,
        subtasks: list[Subtask],
        options: EvaluateOptions,
        on_test: ProgressCallback | None,
    ) -> dict[str, TestResult]:
        schedule = _Schedule(subtasks, options.stops_early())
        workers = options.concurrency or self.env.settings.test_concurrency
        problem = task.problem
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="test") as pool:
            running: dict[Future[TestResult], str] = {}
            pending = tests_in_order(subtasks)
            while pending or running:
                while pending and len(running) < workers:
                    name = pending.pop(0)
                    if schedule.needed(name):
                        future = pool.submit(task.run_test, prepared, problem.test(name))
                        running[future] = name
                if not running:
                    continue
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    result = future.result()
                    schedule.record(running.pop(future), result)
                    if on_test is not None:
                        on_test(result.name, result)
        return schedule.results


class _Schedule:
    """Which tests still matter: with early stop, a test is skipped once every
    requested subtask containing it already has a zero."""

    def __init__(self, subtasks: list[Subtask], early_stop: bool) -> None:
        self.early_stop = early_stop
        self.results: dict[str, TestResult] = {}
        self._stopped: set[int] = set()
        self._owners: dict[str, list[int]] = {}
        for sub in subtasks:
            for name in sub.tests:
                self._owners.setdefault(name, []).append(sub.index)
        self._lock = threading.Lock()

    def needed(self, name: str) -> bool:
        with self._lock:
            if not self.early_stop:
                return True
            return not all(idx in self._stopped for idx in self._owners[name])

    def record(self, name: str, result: TestResult) -> None:
        with self._lock:
            self.results[name] = result
            if result.score <= 0.0:
                self._stopped.update(self._owners[name])
