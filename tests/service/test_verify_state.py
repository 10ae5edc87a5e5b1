"""A verify run's state derived from its submissions: queued, running, done,
failed (an error, a vanished submission, the version gone), skipped solutions,
package errors; and the sources a run submits (the last publish's)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from service_helpers import problem_zip

from judge.importers import import_problem
from judge.problems.model import Problem, ReferenceSolution, Subtask, TestCase
from judge.problems.store import ProblemStore
from judge.service.connection import connect
from judge.service.problem_cache import SharedProblems, solutions_key
from judge.service.verify_runs import PlannedSolution, VerifyPlan, derive, published_solutions
from judge.settings import ArchiveLimits
from judge.wire.results import (
    CompileInfo,
    CompileStatus,
    SubmissionResult,
    SubtaskResult,
    TestResult,
    Verdict,
)
from judge.wire.submissions import SubmissionStatus, SubmissionView

PROBLEM = Problem(
    id="p", name="p", task_type="Batch", time_limit=1, memory_limit=1 << 20,
    tests=[TestCase(name="t1", input="t1.in"), TestCase(name="t2", input="t2.in")],
    subtasks=[Subtask(name="small", index=0, max_score=40, tests=["t1"]),
              Subtask(name="big", index=1, max_score=60, tests=["t1", "t2"])],
    solutions=[ReferenceSolution(path="solutions/model_solution/a.cpp",
                                 category="model_solution", language="cpp17"),
               ReferenceSolution(path="solutions/time_limit/b.cpp", category="time_limit",
                                 language="cpp17"),
               ReferenceSolution(path="solutions/correct/c.java", category="correct",
                                 language="java")],
)


def _plan() -> VerifyPlan:
    solutions = [PlannedSolution(name=s.path, category=s.category, language=s.language,
                                 submission_id=sid)
                 for s, sid in zip(PROBLEM.solutions, ("a", "b", None), strict=True)]
    solutions[2].skipped = "skipped: the judge has no language 'java'"
    return VerifyPlan(run_id="r", problem_id="p", version="v", started_at=1.0,
                      solutions=solutions)


def _result(second: Verdict) -> SubmissionResult:
    t2_score = 1.0 if second is Verdict.AC else 0.0
    big = 60.0 * t2_score
    return SubmissionResult(
        problem="p", problem_version="v", language="cpp17",
        compile=CompileInfo(status=CompileStatus.OK), score=40 + big, max_score=100,
        subtasks=[SubtaskResult(name="small", index=0, max_score=40, score=40,
                                status=Verdict.AC, tests=["t1"]),
                  SubtaskResult(name="big", index=1, max_score=60, score=big, status=second,
                                tests=["t1", "t2"])],
        tests=[TestResult(name="t1", status=Verdict.AC, score=1.0),
               TestResult(name="t2", status=second, score=t2_score, message="slow")],
    )


def _view(sid: str, status: SubmissionStatus, result: SubmissionResult | None = None,
          finished_at: float | None = None, error: str | None = None) -> SubmissionView:
    return SubmissionView(id=sid, status=status, result=result, finished_at=finished_at,
                          error=error)


def test_queued_then_running_then_done() -> None:
    plan = _plan()
    queued = derive(plan, PROBLEM, {"a": _view("a", SubmissionStatus.QUEUED),
                                    "b": _view("b", SubmissionStatus.QUEUED)})
    assert queued.status == "queued" and (queued.total, queued.done) == (2, 0)
    assert queued.solutions[2].status == "skipped" and "java" in queued.solutions[2].reason
    running = derive(plan, PROBLEM, {
        "a": _view("a", SubmissionStatus.DONE, _result(Verdict.AC), finished_at=5.0),
        "b": _view("b", SubmissionStatus.RUNNING)})
    assert running.status == "running" and running.done == 1 and running.finished_at is None
    done = derive(plan, PROBLEM, {
        "a": _view("a", SubmissionStatus.DONE, _result(Verdict.AC), finished_at=5.0),
        "b": _view("b", SubmissionStatus.DONE, _result(Verdict.TLE), finished_at=7.0)})
    assert done.status == "done" and done.finished_at == 7.0 and done.mismatch_count == 0
    slow = done.solutions[1]
    assert slow.ok and slow.verdict_ok and slow.expected == {"small": "time_limit",
                                                            "big": "time_limit"}
    assert [(g.subtask, g.verdict, g.test, g.message) for g in slow.got] == [
        ("small", Verdict.AC, None, ""), ("big", Verdict.TLE, "t2", "slow")]


def test_a_broken_promise_is_counted() -> None:
    run = derive(_plan(), PROBLEM, {
        "a": _view("a", SubmissionStatus.DONE, _result(Verdict.WA), finished_at=5.0),
        "b": _view("b", SubmissionStatus.DONE, _result(Verdict.WA), finished_at=6.0)})
    assert run.status == "done" and run.mismatch_count == 1 and run.verdict_note_count == 1
    model, slow = run.solutions[:2]
    assert not model.ok and model.mismatches[0].subtask == "big"
    assert model.mismatches[0].test == "t2"
    assert slow.ok and not slow.verdict_ok and "TLE" in slow.mismatches[0].expected


def test_an_error_or_a_lost_submission_fails_the_run_once_the_rest_finished() -> None:
    plan = _plan()
    erred = _view("a", SubmissionStatus.ERROR, error="judging failed on its last attempt")
    waiting = derive(plan, PROBLEM, {"a": erred, "b": _view("b", SubmissionStatus.RUNNING)})
    assert waiting.status == "running"
    failed = derive(plan, PROBLEM, {"a": erred, "b": None})
    assert failed.status == "failed" and failed.done == 2
    assert failed.solutions[0].reason.startswith("judging failed")
    assert failed.solutions[1].status == "lost"
    gone = derive(plan, None, {"a": _view("a", SubmissionStatus.QUEUED), "b": None})
    assert gone.status == "failed"


def test_a_promise_the_package_refutes_is_a_package_error() -> None:
    plan = _plan()
    plan.solutions[1].category = "correct"  # a heuristic the package's checker disproves
    run = derive(plan, PROBLEM, {
        "a": _view("a", SubmissionStatus.DONE, _result(Verdict.AC), finished_at=5.0),
        "b": _view("b", SubmissionStatus.DONE, _result(Verdict.WA), finished_at=6.0)})
    assert run.status == "done" and run.mismatch_count == 0 and run.package_error_count == 1
    heuristic = run.solutions[1]
    assert heuristic.package_error and heuristic.ok
    assert [m.refuted for m in heuristic.mismatches] == [True]
    # Without a passing model solution the same result is the judge's mismatch.
    alone = derive(plan, PROBLEM, {
        "a": _view("a", SubmissionStatus.DONE, _result(Verdict.WA), finished_at=5.0),
        "b": _view("b", SubmissionStatus.DONE, _result(Verdict.WA), finished_at=6.0)})
    assert alone.mismatch_count == 2 and alone.package_error_count == 0


def test_sources_come_from_the_last_publish_or_else_the_files(redis_url: str,
                                                               tmp_path: Path) -> None:
    connection = connect(redis_url)
    store = ProblemStore(tmp_path / "built")
    shared = SharedProblems(connection, ProblemStore(tmp_path / "api"))

    def publish(source: str) -> None:
        staged = tmp_path / f"pkg-{len(source)}.zip"
        with zipfile.ZipFile(staged, "w") as zf:
            with zipfile.ZipFile(io.BytesIO(problem_zip())) as plain:
                for name in plain.namelist():
                    zf.writestr(name, plain.read(name))
            zf.writestr("solutions/model_solution/a.py", source)
        SharedProblems(connection, store).publish(import_problem(staged, store, ArchiveLimits()))

    publish("print(1)\n")
    publish("print(22)\n")  # same version, the solution changed
    version = store.get("apb").problem.version
    problem, sources = published_solutions(shared, "apb", version)
    assert sources == {"solutions/model_solution/a.py": "print(22)\n"}
    assert [s.path for s in problem.solutions] == ["solutions/model_solution/a.py"]
    connection.delete(solutions_key("apb", version))  # published before sources were kept
    _, from_files = published_solutions(shared, "apb", version)
    assert from_files == {"solutions/model_solution/a.py": "print(1)\n"}  # the tar's files
