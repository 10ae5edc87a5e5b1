"""The judging worker: an RQ worker that judges one submission per job.

Each worker process builds its judging machinery (sandbox, compiler) once and
judges jobs in-process (an RQ ``SimpleWorker``: no fork per job, so the service
adds milliseconds, not a process start, per submission). It listens to the
``interactive`` queue before the ``batch`` one.

Nothing is lost when a worker dies: while it judges, a heartbeat thread keeps
its execution alive in RQ's StartedJobRegistry; when the heartbeat stops (the
process was SIGKILLed, its host died), another worker's registry maintenance
finds the job abandoned and RQ re-enqueues it (``Retry``). Judging is
idempotent: a re-run claims the same submission and judges the same request
against the same problem version; only the first result is written (the store
refuses a second). Jobs RQ itself loses are found by the sweep
(:meth:`judge.service.queue.JobQueue.sweep`) run in the workers' maintenance.

A worker outlives a Redis outage: a finished judging's result is kept and its
write retried, and RQ's loop, which quits on some Redis errors, is started
again once Redis answers. Only SIGTERM/SIGINT stop it.
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import TracebackType
from typing import Any

import redis
from rq import Queue, SimpleWorker, get_current_job
from rq.executions import Execution
from rq.job import Job
from rq.worker import WorkerStatus

from judge.grading.evaluate import EvaluateOptions, Evaluator, UnknownSubtask
from judge.grading.generate import generation_note, reference_submission
from judge.grading.runtime import judge_env
from judge.grading.tasktypes import UnsupportedLanguage
from judge.grading.tasktypes.base import JudgeEnv, Submission
from judge.languages import Compiler, Language
from judge.languages.registry import DEFAULT_LANGUAGE, LANGUAGES
from judge.logs import setup_json_logging
from judge.problems.store import ProblemNotFound, ProblemStore, StoredProblem
from judge.service import isolation
from judge.service.connection import connect
from judge.service.metrics import MetricsRecorder
from judge.service.problem_cache import SharedProblems
from judge.service.queue import QUEUE_NAMES, JobQueue
from judge.service.run_jobs import RunJudge
from judge.service.store import Claimed, SubmissionStore
from judge.service.warmer import VersionWarmer
from judge.settings import Settings
from judge.wire.results import IsolationMode, SubmissionResult, Verdict

log = logging.getLogger("judge.service.worker")

# Errors in the request itself (possible when the problem changed after submit):
# retrying cannot help, so the submission ends as `error` at once.
REQUEST_ERRORS = (ProblemNotFound, UnknownSubtask, UnsupportedLanguage)
REDIS_DOWN = (redis.ConnectionError, redis.TimeoutError)
REDIS_OUTAGE_SECONDS = 120.0


class JudgeRunner:
    """Judges one submission by id. One per worker process."""

    def __init__(self, settings: Settings, connection: redis.Redis, evaluator: Evaluator,
                 worker_name: str) -> None:
        self.settings = settings
        self.redis = connection
        self.evaluator = evaluator
        self.worker_name = worker_name
        self.store = SubmissionStore(connection, settings.result_ttl_seconds)
        self.problems = SharedProblems(connection, ProblemStore(settings.problems_dir))
        self.metrics = MetricsRecorder()
        self._versions: dict[tuple[str, str], StoredProblem] = {}
        # Runs (/v1/runs) share the queues: their job finds its judge here.
        self.runs = RunJudge(settings, connection, evaluator.env, worker_name)

    def run(self, submission_id: str) -> None:
        claimed = self.store.claim(submission_id, self.worker_name)
        if claimed is None:
            log.info("skip", extra={"submission": submission_id, "reason": "finished or gone"})
            return
        started = time.time()
        try:
            self._judge(claimed, started)
        except REQUEST_ERRORS as exc:
            self._fail(submission_id, str(exc))

    def _judge(self, claimed: Claimed, started: float) -> None:
        request = claimed.request
        stored = self._stored(request.problem_id, claimed.problem_version)
        submission = Submission(language=request.language, source=request.source,
                                outputs=request.test_outputs())
        note = ""
        if claimed.reference:  # output-only tests: the files its program prints
            submission, generated = reference_submission(
                self.evaluator.env, stored, request.language, request.source)
            note = generation_note(generated)
        result = self.evaluator.evaluate(
            stored, submission,
            EvaluateOptions(subtask=request.subtask, early_stop=request.early_stop),
            on_compiled=lambda _info: self.store.mark_running(claimed.id),
        )
        result.warnings += [note] if note else []
        finished = time.time()
        tests = sum(t.status is not Verdict.SKIPPED for t in result.tests)
        if not self._write_result(claimed, result):
            log.warning("result refused", extra={
                "submission": claimed.id, "reason": "already finished (judged elsewhere)"})
            return
        with self.redis.pipeline() as pipe:
            self.metrics.record_done(pipe, finished - claimed.created_at, finished - started, tests)
            pipe.execute()
        log.info("judged", extra={
            "submission": claimed.id, "problem": request.problem_id, "score": result.score,
            "tests": tests, "seconds": round(finished - started, 3), "run": claimed.runs,
        })

    def _write_result(self, claimed: Claimed, result: SubmissionResult) -> bool:
        """Write the result, waiting out a Redis outage of up to
        ``REDIS_OUTAGE_SECONDS`` rather than throwing a finished judging away.
        A write whose answer was lost with the connection is recognised by its
        token instead of being sent again."""
        token = f"{self.worker_name}:{claimed.runs}"
        deadline = time.monotonic() + REDIS_OUTAGE_SECONDS
        attempted = False
        while True:
            try:
                if attempted and self.store.finished_by(claimed.id) == token:
                    self.store.announce(claimed.id)
                    return True
                attempted = True
                return self.store.finish(claimed.id, result, token)
            except REDIS_DOWN:
                if time.monotonic() > deadline:
                    raise
                log.warning("redis unavailable, result kept", extra={"submission": claimed.id})
                time.sleep(1.0)

    def _stored(self, problem_id: str, version: str) -> StoredProblem:
        """Versions are immutable: load each once per process."""
        key = (problem_id, version)
        stored = self._versions.get(key)
        if stored is None or not stored.root.is_dir():
            stored = self.problems.ensure_local(problem_id, version)
            if len(self._versions) > 256:
                self._versions.clear()
            self._versions[key] = stored
        return stored

    def _fail(self, submission_id: str, message: str) -> None:
        if self.store.fail(submission_id, message):
            with self.redis.pipeline() as pipe:
                self.metrics.record_failed(pipe)
                pipe.execute()
        log.warning("error", extra={"submission": submission_id, "message": message})


def judge_submission(submission_id: str) -> None:
    """The RQ job function (enqueued by its import path,
    :data:`judge.service.queue.JOB_FUNCTION`). RQ calls it with the job's
    arguments only; the runner comes with the job, which the
    :class:`JudgeWorker` performing it hands its runner."""
    job = get_current_job()
    if not isinstance(job, SubmissionJob) or job.runner is None:
        raise RuntimeError("judge_submission runs only inside `ioi-judge worker`")
    job.runner.run(submission_id)


def on_job_failure(job: Job, connection: redis.Redis, exc_type: type[BaseException] | None,
                   exc_value: BaseException | None, tb: TracebackType | None) -> None:
    """RQ failure callback (the job raised, timed out, or its worker died).
    While retries are left RQ re-enqueues the job; after the last one the
    submission ends as ``error`` with a message, never silently."""
    if job.retries_left:
        log.warning("retry", extra={"submission": job.id, "reason": repr(exc_value)})
        return
    reason = f"{exc_type.__name__}: {exc_value}" if exc_type is not None else "unknown failure"
    if exc_type is not None and exc_type.__name__ == "AbandonedJobError":
        reason = "the worker judging it stopped (killed or host lost) on every attempt"
    store = SubmissionStore(connection, int(job.meta.get("result_ttl", 7 * 24 * 3600)))
    message = f"judging failed on its last attempt: {reason}"
    if store.fail(job.id, message):
        with connection.pipeline() as pipe:
            MetricsRecorder().record_failed(pipe)
            pipe.execute()
    log.error("failed", extra={"submission": job.id, "message": message})


class SubmissionJob(Job):
    """The RQ job judging one submission, performed with its worker's
    :class:`JudgeRunner` (``runner``, set by :meth:`JudgeWorker.execute_job`).

    It tolerates its killed executions. A SIGKILLed worker's execution hash
    expires with its heartbeat while the job's execution registry keeps the id a
    minute longer; RQ's cleanup of the job's next, successful execution then
    raises (``Execution ... not found``) and turns a judged job into a failed
    one. Expired executions are skipped (and dropped)."""

    runner: JudgeRunner | None = None

    def get_executions(self) -> list[Execution]:
        registry = self.execution_registry
        executions = []
        for execution_id in registry.get_execution_ids():
            try:
                executions.append(Execution.fetch(execution_id, self.id, self.connection))
            except ValueError:
                self.connection.zrem(registry.key, execution_id)
        return executions


class JudgeWorker(SimpleWorker):
    """A SimpleWorker whose busy heartbeat runs in a thread (the job runs in the
    main thread), so an abandoned job is found within seconds, not after its
    whole timeout."""

    heartbeat_seconds: float = 5.0
    heartbeat_grace: int = 20
    sweeper: JobQueue | None = None
    runner: JudgeRunner | None = None

    def run_maintenance_tasks(self) -> None:
        """RQ's registry cleanup, then the sweep for jobs RQ lost (see
        :meth:`judge.service.queue.JobQueue.sweep`)."""
        super().run_maintenance_tasks()
        if self.sweeper is None:
            return
        try:
            self.sweeper.sweep()
        except REDIS_DOWN as exc:
            log.warning("sweep skipped: redis unavailable", extra={"error": str(exc)})

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        return int(self.heartbeat_seconds + self.heartbeat_grace)

    def execute_job(self, job: Job, queue: Queue) -> None:
        if isinstance(job, SubmissionJob):
            job.runner = self.runner
        execution = self.prepare_execution(job)
        with self._beating(job, execution):
            self.perform_job(job, queue, execution)
        self.set_state(WorkerStatus.IDLE)

    @contextmanager
    def _beating(self, job: Job, execution: Execution) -> Iterator[None]:
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(self.heartbeat_seconds):
                try:
                    self.maintain_heartbeats(job, execution)
                except Exception:  # a missed beat is retried; never kill the job for it
                    log.exception("heartbeat failed", extra={"submission": job.id})

        thread = threading.Thread(target=beat, name="heartbeat", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()


def worker_name(pid: int) -> str:
    """The RQ name of the worker process ``pid``: ``host.pid.pid-namespace``. Two
    containers that share a hostname (host network) can have the same pid in
    their own pid namespaces; RQ refuses a second live worker of one name."""
    return f"{socket.gethostname()}.{pid}.{os.stat(f'/proc/{pid}/ns/pid').st_ino}"


def build_worker(settings: Settings, connection: redis.Redis, runner: JudgeRunner,
                 name: str | None = None) -> JudgeWorker:
    queues = [Queue(n, connection=connection, job_class=SubmissionJob) for n in QUEUE_NAMES]
    worker = JudgeWorker(
        queues,
        connection=connection,
        job_class=SubmissionJob,
        name=name or worker_name(os.getpid()),
        worker_ttl=max(20, int(settings.maintenance_seconds) + 15),
        maintenance_interval=settings.maintenance_seconds,
        job_monitoring_interval=int(max(1, settings.heartbeat_seconds)),
    )
    worker.heartbeat_seconds = settings.heartbeat_seconds
    worker.heartbeat_grace = settings.heartbeat_grace_seconds
    worker.sweeper = JobQueue(connection, settings)
    worker.runner = runner
    return worker


def run_worker(settings: Settings, burst: bool = False) -> None:
    """Judge jobs until stopped (SIGTERM: finish the current job, then exit)."""
    # Absolute, so that nothing below depends on the working directory.
    settings = settings.model_copy(update={"data_dir": settings.data_dir.resolve()})
    connection = connect(settings.redis_url)
    name = worker_name(os.getpid())
    with judge_env(settings) as env:
        _build_headers(env)
        runner = JudgeRunner(settings, connection, Evaluator(env), name)
        warmer = VersionWarmer(connection, runner.problems, env, name)
        warmer.start()
        try:
            _serve(settings, connection, runner, name, burst, env.sandbox.isolation_mode)
        finally:
            warmer.stop()


def _build_headers(env: JudgeEnv) -> None:
    """The default language's precompiled header, built (and probed in a box)
    before the worker takes its first job, which would otherwise wait for it.
    Other languages' headers are built by ``deploy/setup.sh`` (``--headers-only``)
    or else on their first compile, as before: building them all here would
    delay every fresh worker by seconds per language for rarer submissions."""
    started = time.monotonic()
    env.compiler.warm_up([lang for lang in pch_languages() if lang.name == DEFAULT_LANGUAGE])
    log.info("header ready", extra={"seconds": round(time.monotonic() - started, 3)})


def pch_languages() -> list[Language]:
    return [lang for lang in LANGUAGES.values() if lang.pch_flags() is not None]


def _serve(settings: Settings, connection: redis.Redis, runner: JudgeRunner, name: str,
           burst: bool, mode: IsolationMode) -> None:
    for generation in itertools.count():
        # A new RQ name after a restart: the old one may still be registered.
        worker = build_worker(settings, connection, runner,
                              f"{name}.{generation}" if generation else name)
        isolation.record(connection, worker.name, mode, runner.evaluator.env.sandbox.degraded)
        log.info("worker started", extra={"worker": worker.name,
                                          "queues": list(QUEUE_NAMES)})
        stopped = _work(worker, burst)
        with suppress(redis.RedisError):
            isolation.forget(connection, worker.name)
        if stopped:
            return
        time.sleep(1.0)
        _wait_for_redis(connection)


def _work(worker: JudgeWorker, burst: bool) -> bool:
    """Run RQ's loop; True when it ended as asked (stop signal, burst done),
    False when it gave up on a lost Redis connection (RQ quits on those)."""
    try:
        worker.work(burst=burst, logging_level="WARNING", with_scheduler=False)
    except REDIS_DOWN as exc:
        log.warning("worker loop lost redis", extra={"error": str(exc)})
    # RQ records a SIGTERM/SIGINT here (and quits at once when idle, or after
    # the job when busy); any other return is a loop that gave up on Redis.
    return burst or getattr(worker, "_shutdown_requested_date", None) is not None


def _wait_for_redis(connection: redis.Redis) -> None:
    while True:
        try:
            connection.ping()
            return
        except REDIS_DOWN:
            time.sleep(1.0)


def main(**overrides: Any) -> None:
    setup_json_logging()
    run_worker(Settings(**overrides))


def build_headers_main() -> None:
    """``python -m judge.service.worker --headers-only`` (``deploy/setup.sh``):
    build the precompiled headers of the data directory and exit."""
    settings = Settings()
    built = Compiler.build_headers(settings, pch_languages())
    for language, ok in built.items():
        print(f"precompiled header for {language}: {'ready' if ok else 'unavailable'}")


if __name__ == "__main__":
    # Run the imported module's main, not this __main__ copy's: RQ imports
    # `judge.service.worker.judge_submission`, which must recognise the job as
    # that module's SubmissionJob, not a __main__.SubmissionJob.
    import sys

    import judge.service.worker

    if sys.argv[1:] == ["--headers-only"]:
        judge.service.worker.build_headers_main()
    else:
        judge.service.worker.main()
