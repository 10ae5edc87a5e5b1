"""Where rescoring judges: a local process pool (no Redis; each process builds
its own judging machinery once) or a running service through the client.

Both take :class:`RescoreItem` s and return futures of :class:`JudgeOutcome` s, so
the runner does not care which one it drives.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Protocol

from pydantic import BaseModel, Field

from judge.client.retry import JudgeClientError
from judge.client.sync import JudgeClient
from judge.settings import Settings
from judge.wire.results import SubmissionResult
from judge.wire.submissions import SubmissionRequest, SubmissionStatus, SubmissionView


class RescoreItem(BaseModel):
    """One distinct source to judge (generations sharing it are judged once)."""

    source_hash: str
    problem: str
    version: str | None = None
    language: str
    source: str


class JudgeOutcome(BaseModel):
    source_hash: str
    result: SubmissionResult | None = None
    error: str | None = None
    seconds: float = Field(0.0, description="Judging alone (a worker's claim to its result).")
    queue_seconds: float | None = Field(
        None, description="Waiting in the service's queue before a worker took it (--server)."
    )


class Backend(Protocol):
    workers: int

    def submit(self, job: RescoreItem) -> Future[JudgeOutcome]: ...

    def close(self, cancel: bool = False) -> None: ...


# --- local process pool -------------------------------------------------------------

_worker_state: dict[str, object] = {}


def _init_worker(settings: Settings, test_concurrency: int) -> None:
    """Runs once in each pool process: build the sandbox and compiler, keep them."""
    from judge.grading.evaluate import Evaluator
    from judge.grading.runtime import judge_env
    from judge.problems.store import ProblemStore

    # Ctrl-C goes to the whole process group; the parent decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stack = contextlib.ExitStack()
    env = stack.enter_context(judge_env(settings))
    _worker_state.update(
        stack=stack,
        evaluator=Evaluator(env),
        store=ProblemStore(settings.problems_dir),
        concurrency=test_concurrency,
    )
    import atexit

    atexit.register(stack.close)


def _judge_locally(job: RescoreItem) -> JudgeOutcome:
    from judge.grading.evaluate import EvaluateOptions, Evaluator
    from judge.grading.tasktypes.base import Submission
    from judge.problems.store import ProblemStore

    evaluator = _worker_state["evaluator"]
    store = _worker_state["store"]
    assert isinstance(evaluator, Evaluator) and isinstance(store, ProblemStore)
    started = time.monotonic()
    options = EvaluateOptions(
        subtask=None, early_stop=True, concurrency=int(str(_worker_state["concurrency"]))
    )
    try:
        stored = store.get(job.problem, job.version)
        submission = Submission(language=job.language, source=job.source)
        result = evaluator.evaluate(stored, submission, options)
    except Exception as exc:  # one broken row must not end a long run; it is retried
        return JudgeOutcome(
            source_hash=job.source_hash, error=f"{type(exc).__name__}: {exc}",
            seconds=time.monotonic() - started,
        )
    return JudgeOutcome(
        source_hash=job.source_hash, result=result, seconds=time.monotonic() - started
    )


class LocalBackend:
    def __init__(self, settings: Settings, workers: int, test_concurrency: int = 1) -> None:
        self.workers = workers
        self._pool: Executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(settings, test_concurrency),
        )

    def submit(self, job: RescoreItem) -> Future[JudgeOutcome]:
        return self._pool.submit(_judge_locally, job)

    def close(self, cancel: bool = False) -> None:
        self._pool.shutdown(wait=True, cancel_futures=cancel)


# --- a running service ----------------------------------------------------------------


class ServerBackend:
    """Judges through ``POST /v1/submissions`` (priority ``batch``), all subtasks
    with early stop, ``workers`` submissions in flight."""

    def __init__(
        self, client: JudgeClient, workers: int, timeout: float = 3600.0
    ) -> None:
        self.workers = workers
        self.client = client
        self.timeout = timeout
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rescore")

    def submit(self, job: RescoreItem) -> Future[JudgeOutcome]:
        return self._pool.submit(self._judge, job)

    def _judge(self, job: RescoreItem) -> JudgeOutcome:
        started = time.monotonic()
        try:
            request = SubmissionRequest(
                problem_id=job.problem, language=job.language, source=job.source,
                subtask=None, early_stop=True, priority="batch",
            )
            state = self.client.score(request, timeout=self.timeout)
        except (JudgeClientError, TimeoutError, ValueError) as exc:  # ValueError: invalid request
            return JudgeOutcome(source_hash=job.source_hash, error=str(exc))
        seconds, queued = _service_times(state, time.monotonic() - started)
        if state.status is SubmissionStatus.DONE and state.result is not None:
            return JudgeOutcome(source_hash=job.source_hash, result=state.result, seconds=seconds,
                                queue_seconds=queued)
        return JudgeOutcome(
            source_hash=job.source_hash, error=state.error or f"status {state.status}",
            seconds=seconds, queue_seconds=queued,
        )

    def close(self, cancel: bool = False) -> None:
        self._pool.shutdown(wait=True, cancel_futures=cancel)
        self.client.close()


def _service_times(state: SubmissionView, round_trip: float) -> tuple[float, float | None]:
    """(judging, queueing) seconds of a finished submission, from the service's
    own timestamps; the whole round trip as judging when they are missing."""
    if state.created_at is None or state.started_at is None or state.finished_at is None:
        return round_trip, None
    return state.finished_at - state.started_at, state.started_at - state.created_at
