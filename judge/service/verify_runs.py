"""Verify runs on the service: every reference solution of a problem's current
version judged by the workers as a ``batch`` (low-priority) submission, and
checked against its category as ``problems verify`` checks it
(:mod:`judge.grading.verify`).

A run is kept in one Redis hash per problem, ``judge:verify:<id>``: ``plan``
(:class:`VerifyPlan`: the version, and which solution is which submission),
written in the same transaction that stores and enqueues the submissions, and
``final`` (the :class:`judge.wire.verify.VerifyRun`) once every submission has
finished. Until then the run's state is derived from its submissions' stored
results on each read, so it survives a killed worker (RQ judges the job again)
and an API restart (nothing is held in memory); ``final`` keeps it once the
results expire. Starting a run while the last one of the same version is still
going returns that one.
"""

from __future__ import annotations

import time
import uuid

import redis
from pydantic import BaseModel, Field

from judge.grading.package_errors import MODEL, judging_order, mark_refuted
from judge.grading.promises import (
    check_solution,
    expected_per_subtask,
    promises_kept,
    subtask_outcomes,
)
from judge.grading.tasktypes import UnsupportedLanguage, language_for
from judge.languages.registry import LANGUAGES
from judge.problems.model import Problem, ReferenceSolution
from judge.problems.store import ProblemNotFound
from judge.service.connection import text
from judge.service.problem_cache import SharedProblems, model_key
from judge.service.queue import JobQueue, new_submission_id
from judge.wire.results import SubmissionResult
from judge.wire.submissions import SubmissionRequest, SubmissionStatus, SubmissionView
from judge.wire.verify import SolutionRun, VerifyRun, VerifyStatus, VerifySummary


def verify_key(problem_id: str) -> str:
    return f"judge:verify:{problem_id}"


class PlannedSolution(BaseModel):
    """One reference solution of a run (its promises as the run's sources made
    them: a re-upload of the same version may change a package's solutions) and
    its submission, or why it has none."""

    name: str
    category: str
    language: str
    subtask_categories: dict[str, str] = Field(default_factory=dict)
    submission_id: str | None = None
    skipped: str = Field("", description="Why it was not submitted.")

    def reference(self) -> ReferenceSolution:
        return ReferenceSolution(path=self.name, category=self.category,
                                 language=self.language,
                                 subtask_categories=self.subtask_categories)


class VerifyPlan(BaseModel):
    """What a run submitted (the ``plan`` field of ``judge:verify:<id>``)."""

    run_id: str
    problem_id: str
    version: str
    started_at: float
    early_stop: bool = False
    solutions: list[PlannedSolution]


class NoSolutions(ValueError):
    """The problem has no reference solution to verify."""


def published_solutions(shared: SharedProblems, problem_id: str, version: str
                        ) -> tuple[Problem, dict[str, str]]:
    """The version's model as last published and its solutions' sources, from
    Redis (a re-upload of the same version may have changed them); for a version
    published before sources were kept apart, from its files."""
    found = shared.published(problem_id, version)
    if found is None:
        raise ProblemNotFound(f"version {version} of problem {problem_id!r} is not available")
    problem, sources = found
    if problem.solutions and not sources:
        stored = shared.ensure_local(problem_id, version)
        problem = stored.problem
        sources = {s.path: stored.path(s.path).read_text(errors="replace")
                   for s in problem.solutions if stored.path(s.path).is_file()}
    return problem, sources


def plan_run(problem: Problem, sources: dict[str, str], early_stop: bool,
             max_source_bytes: int) -> tuple[VerifyPlan, list[SubmissionRequest]]:
    """The plan of a new run of ``problem`` and the submissions it makes (one per
    solution the service can judge); ``sources``: path -> source."""
    if not problem.solutions:
        raise NoSolutions(f"problem {problem.id!r} has no reference solutions to verify")
    run_id = uuid.uuid4().hex
    planned, requests = [], []
    for solution in judging_order(problem.solutions):  # model solutions first
        entry = PlannedSolution(name=solution.path, category=solution.category,
                                language=solution.language,
                                subtask_categories=solution.subtask_categories)
        source = sources.get(solution.path)
        entry.skipped = _why_skipped(problem, solution, source, max_source_bytes)
        if not entry.skipped:
            entry.submission_id = new_submission_id()
            requests.append(SubmissionRequest(
                problem_id=problem.id, language=solution.language, source=source or "",
                early_stop=early_stop, priority="batch",
                metadata={"verify_run": run_id, "solution": solution.path},
            ))
        planned.append(entry)
    plan = VerifyPlan(run_id=run_id, problem_id=problem.id, version=problem.version,
                      started_at=time.time(), early_stop=early_stop, solutions=planned)
    return plan, requests


def _why_skipped(problem: Problem, solution: ReferenceSolution, source: str | None,
                 max_source_bytes: int) -> str:
    if source is None:
        return "skipped: its file is not in the published package"
    if solution.language not in LANGUAGES:
        return f"skipped: the judge has no language {solution.language!r}"
    try:
        language_for(problem, solution.language)
    except UnsupportedLanguage as exc:
        return f"skipped: {exc}"
    if len(source.encode()) > max_source_bytes:
        return f"skipped: source is over the service's limit of {max_source_bytes} bytes"
    return ""


class VerifyRuns:
    """Start verify runs and report them (synchronous Redis: call from a thread)."""

    def __init__(self, connection: redis.Redis, queue: JobQueue) -> None:
        self.redis = connection
        self.queue = queue
        # Per run: a re-upload of the same version may change its solutions.
        self._models: dict[str, Problem] = {}

    def start(self, plan: VerifyPlan, requests: list[SubmissionRequest]
              ) -> tuple[VerifyRun, bool]:
        """Store ``plan`` and enqueue its submissions in one transaction, unless
        the problem's last run is of the same version and still going: then that
        run. (the run, whether this call started it)."""
        key = verify_key(plan.problem_id)
        ids = [s.submission_id for s in plan.solutions if s.submission_id]
        with self.redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    running = self._going(plan.problem_id, plan.version)
                    if running is not None:
                        return running, False
                    pipe.multi()
                    pipe.delete(key)
                    pipe.hset(key, "plan", plan.model_dump_json())
                    self.queue.enqueue_in(pipe, ids, [(r, plan.version) for r in requests],
                                          reference=True)
                    pipe.execute()
                    break
                except redis.WatchError:
                    continue
        return derive(plan, self._problem(plan), self._views(plan)), True

    def _going(self, problem_id: str, version: str) -> VerifyRun | None:
        run = self.get(problem_id)
        if run is None or run.version != version or run.status.finished:
            return None
        return run

    def get(self, problem_id: str) -> VerifyRun | None:
        """The problem's last run, as it stands now; None if it was never verified."""
        key = verify_key(problem_id)
        raw_plan, raw_final = self.redis.hmget(key, ["plan", "final"])
        if raw_final is not None:
            return VerifyRun.model_validate_json(text(raw_final))
        if raw_plan is None:
            return None
        plan = VerifyPlan.model_validate_json(text(raw_plan))
        run = derive(plan, self._problem(plan), self._views(plan))
        if run.status.finished:
            self._keep_final(key, plan, run)
        return run

    def summaries(self, problem_ids: list[str]) -> dict[str, VerifySummary]:
        """The last run of each of ``problem_ids`` that has one."""
        found = {}
        for problem_id in problem_ids:
            run = self.get(problem_id)
            if run is not None:
                found[problem_id] = VerifySummary.of(run)
        return found

    def _problem(self, plan: VerifyPlan) -> Problem | None:
        problem = self._models.get(plan.run_id)  # routes share this from threads
        if problem is None:
            raw = self.redis.get(model_key(plan.problem_id, plan.version))
            if raw is None:
                return None
            if len(self._models) > 100:
                self._models.clear()
            problem = self._models[plan.run_id] = Problem.model_validate_json(text(raw))
        return problem

    def _views(self, plan: VerifyPlan) -> dict[str, SubmissionView | None]:
        ids = [s.submission_id for s in plan.solutions if s.submission_id]
        return dict(zip(ids, self.queue.store.get_many(ids), strict=True))

    def _keep_final(self, key: str, plan: VerifyPlan, run: VerifyRun) -> None:
        """Keep a finished run, unless a new run replaced ``plan`` meanwhile."""
        with self.redis.pipeline() as pipe:
            try:
                pipe.watch(key)
                current = text(pipe.hget(key, "plan"))
                if current is None or VerifyPlan.model_validate_json(current).run_id != plan.run_id:
                    return
                pipe.multi()
                pipe.hset(key, "final", run.model_dump_json())
                pipe.execute()
            except redis.WatchError:
                return


def derive(plan: VerifyPlan, problem: Problem | None,
           views: dict[str, SubmissionView | None]) -> VerifyRun:
    """A run's state from its plan, the problem version (its subtasks) and its
    submissions."""
    results = {i: v.result for i, v in views.items() if v is not None and v.result is not None}
    models = [results[e.submission_id] for e in plan.solutions
              if e.category == MODEL and e.submission_id in results]
    rows = [_solution_run(entry, problem, views.get(entry.submission_id or ""), models)
            for entry in plan.solutions]
    judged = [r for r in rows if r.status != "skipped"]
    finished = [r for r in judged if r.status in ("done", "error", "lost")]
    status = _status(judged, finished, problem)
    ends = [v.finished_at for v in views.values() if v is not None and v.finished_at]
    mismatches = [m for r in rows for m in r.mismatches if not m.refuted]
    return VerifyRun(
        problem_id=plan.problem_id, version=plan.version, status=status,
        started_at=plan.started_at,
        finished_at=max(ends, default=None) if status.finished else None,
        early_stop=plan.early_stop, total=len(judged), done=len(finished), solutions=rows,
        mismatch_count=sum(m.kind == "score" for m in mismatches),
        verdict_note_count=sum(m.kind == "verdict" for m in mismatches),
        package_error_count=sum(bool(r.package_error) for r in rows),
    )


def _solution_run(entry: PlannedSolution, problem: Problem | None,
                  view: SubmissionView | None, models: list[SubmissionResult]) -> SolutionRun:
    """One solution's row: its promises per subtask and, once judged, what it got
    (broken promises the package refutes, given the model solutions' ``models``
    results, are package errors, listed after the rest as ``problems verify`` does)."""
    solution = entry.reference()
    row = SolutionRun(name=entry.name, category=entry.category, language=entry.language,
                      submission_id=entry.submission_id, status="skipped",
                      reason=entry.skipped)
    if problem is not None:
        row.expected = expected_per_subtask(solution, problem)
    if entry.submission_id is None:
        return row
    if view is None:
        row.status, row.reason = "lost", "its submission expired or was lost"
        return row
    row.status, row.reason = view.status, view.error or ""
    if view.result is None or problem is None:
        return row
    row.expectations, found, row.note = check_solution(solution, problem, view.result)
    found = mark_refuted(solution, view.result, found, models)
    standing = [m for m in found if not m.refuted]
    row.mismatches = standing + [m for m in found if m.refuted]
    row.ok, row.verdict_ok = promises_kept(standing)
    row.package_error = any(m.refuted for m in found)
    # The worker's warnings: output files its program did not make, a degraded sandbox.
    row.note = "; ".join(filter(None, [row.note, *view.result.warnings]))
    row.got = subtask_outcomes(view.result)
    row.score, row.max_score = view.result.score, view.result.max_score
    return row


def _status(judged: list[SolutionRun], finished: list[SolutionRun],
            problem: Problem | None) -> VerifyStatus:
    """Failed once the version is gone, or once every submission finished and
    some ended in error (or vanished); done once all were judged."""
    if problem is None:
        return VerifyStatus.FAILED
    if len(finished) < len(judged):
        started = finished or [r for r in judged if r.status != SubmissionStatus.QUEUED]
        return VerifyStatus.RUNNING if started else VerifyStatus.QUEUED
    if any(r.status in ("error", "lost") for r in finished):
        return VerifyStatus.FAILED
    return VerifyStatus.DONE
