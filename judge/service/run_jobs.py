"""The worker's side of ``/v1/runs``: the RQ job judging one run.

Runs share the submissions' queues and workers; the :class:`RunJudge` comes with
the worker's :class:`judge.service.worker.JudgeRunner` (``runs``), as the
submission runner does. Judging is idempotent: a re-run after a worker died
judges the same request on the same test set again."""

from __future__ import annotations

import logging
import time
from types import TracebackType

import redis
from rq import get_current_job
from rq.job import Job

from judge.grading.runs import RunGrader
from judge.grading.tasktypes.base import JudgeEnv
from judge.languages.registry import UnknownLanguage
from judge.service.runs import RunStore
from judge.service.testsets import Testsets
from judge.settings import Settings

log = logging.getLogger("judge.service.run_jobs")


class RunJudge:
    """Judges one run by id. One per worker process."""

    def __init__(self, settings: Settings, connection: redis.Redis, env: JudgeEnv,
                 worker_name: str) -> None:
        self.store = RunStore(connection, settings.result_ttl_seconds)
        self.testsets = Testsets(connection)
        self.grader = RunGrader(env)
        self.worker_name = worker_name

    def run(self, run_id: str) -> None:
        request = self.store.claim(run_id, self.worker_name)
        if request is None:
            log.info("skip", extra={"run": run_id, "reason": "finished or gone"})
            return
        assert request.testset is not None  # the API always stores the tests as a set
        tests = self.testsets.load(request.testset)
        if tests is None:
            self.store.fail(run_id, f"test set {request.testset} expired before judging")
            return
        started = time.monotonic()
        try:
            result = self.grader.grade(request, tests)
        except UnknownLanguage as exc:  # checked by the API; a changed registry
            self.store.fail(run_id, str(exc))
            return
        self.store.finish(run_id, result)
        log.info("run judged", extra={
            "run": run_id, "verdict": result.verdict.value, "tests": len(tests),
            "seconds": round(time.monotonic() - started, 3)})


def judge_run(run_id: str) -> None:
    """The RQ job function of a run (:data:`judge.service.runs.JOB_FUNCTION`)."""
    job = get_current_job()
    judge = getattr(getattr(job, "runner", None), "runs", None)
    if not isinstance(judge, RunJudge):
        raise RuntimeError("judge_run runs only inside `ioi-judge worker`")
    judge.run(run_id)


def on_run_failure(job: Job, connection: redis.Redis, exc_type: type[BaseException] | None,
                   exc_value: BaseException | None, tb: TracebackType | None) -> None:
    """RQ failure callback: after the last retry the run ends as ``error``."""
    if job.retries_left:
        log.warning("retry", extra={"run": job.id, "reason": repr(exc_value)})
        return
    reason = f"{exc_type.__name__}: {exc_value}" if exc_type is not None else "unknown failure"
    store = RunStore(connection, int(job.meta.get("result_ttl", 7 * 24 * 3600)))
    store.fail(job.id, f"judging failed on its last attempt: {reason}")
    log.error("run failed", extra={"run": job.id, "message": reason})
