"""Piston requests through the queue: the API stores the request and enqueues a
job on the ``interactive`` queue (ahead of batch rescoring), a worker judges it
with its own machinery (:class:`judge.grading.piston.PistonExecutor`) and pushes
the outcome to a per-request list the API waits on (``BLPOP``).

A request is not a submission: nothing is kept once it is answered (the
request's key is deleted, the outcome expires after ``OUTCOME_TTL_SECONDS``).
A worker that dies while judging is handled as for submissions: RQ re-enqueues
the job (``Retry``); after the last attempt the failure callback answers 500."""

from __future__ import annotations

import logging
import time
import uuid
from types import TracebackType

import redis
import redis.asyncio as aioredis
from rq import Callback, Queue, Retry, get_current_job
from rq.job import Job

from judge.grading.piston import PistonExecutor, PistonRequestError
from judge.grading.piston.execute import PistonJudgeError
from judge.grading.tasktypes.base import JudgeEnv
from judge.settings import Settings
from judge.wire.piston import PistonExecuteRequest, PistonOutcome

log = logging.getLogger("judge.service.piston")

QUEUE = "interactive"
REQUEST_KEY = "judge:piston:request:{}"
OUTCOME_KEY = "judge:piston:outcome:{}"
OUTCOME_TTL_SECONDS = 120
WAIT_STEP_SECONDS = 2.0
JOB_FUNCTION = "judge.service.piston.execute_job"
FAILURE_CALLBACK = "judge.service.piston.on_failure"


class PistonJobs:
    """The API side: enqueue a request, wait for its outcome."""

    def __init__(self, connection: redis.Redis, settings: Settings) -> None:
        self.redis = connection
        self.settings = settings
        self.queue = Queue(QUEUE, connection=connection)

    def enqueue(self, request: PistonExecuteRequest) -> str:
        job_id = f"piston-{uuid.uuid4().hex}"
        data = Queue.prepare_data(
            JOB_FUNCTION, args=(job_id,), job_id=job_id, timeout=self.settings.job_timeout,
            result_ttl=0, failure_ttl=OUTCOME_TTL_SECONDS,
            retry=Retry(max=self.settings.job_retries, enqueue_at_front=True),
            on_failure=Callback(FAILURE_CALLBACK), description="piston execute",
        )
        with self.redis.pipeline() as pipe:
            pipe.set(REQUEST_KEY.format(job_id), request.model_dump_json(),
                     ex=self.settings.job_timeout + OUTCOME_TTL_SECONDS)
            self.queue.enqueue_many([data], pipeline=pipe)
            pipe.execute()
        return job_id

    @staticmethod
    async def wait(connection: aioredis.Redis, job_id: str, seconds: float) -> PistonOutcome:
        """The outcome, or a 504 outcome after ``seconds``. Short blocking pops,
        so that no single Redis read outlasts the client's socket timeouts."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            popped = await connection.blpop([OUTCOME_KEY.format(job_id)],
                                            timeout=max(0.01, min(left, WAIT_STEP_SECONDS)))
            if popped is not None:
                return PistonOutcome.model_validate_json(popped[1])
        return PistonOutcome(status=504, message=f"not judged within {seconds:.0f} s "
                             "(the queue is long or the job is slow); send it again")


_executors: dict[int, PistonExecutor] = {}


def executor_for(env: JudgeEnv) -> PistonExecutor:
    """One executor per worker process (its compiler and evaluator are reused)."""
    if id(env) not in _executors:
        _executors[id(env)] = PistonExecutor(env)
    return _executors[id(env)]


def execute_job(job_id: str) -> None:
    """The RQ job function: judge the stored request and push its outcome. The
    worker's runner comes with the job (:class:`judge.service.worker.SubmissionJob`)."""
    job = get_current_job()
    runner = getattr(job, "runner", None)
    if job is None or runner is None:
        raise RuntimeError("execute_job runs only inside `ioi-judge worker`")
    connection = job.connection
    raw = connection.get(REQUEST_KEY.format(job_id))
    if raw is None:
        outcome = PistonOutcome(status=410, message="the request expired before it was judged")
    else:
        outcome = judge(executor_for(runner.evaluator.env),
                        PistonExecuteRequest.model_validate_json(raw))
    push(connection, job_id, outcome)


def judge(executor: PistonExecutor, request: PistonExecuteRequest) -> PistonOutcome:
    try:
        return PistonOutcome(response=executor.execute(request))
    except PistonRequestError as exc:
        return PistonOutcome(status=400, message=str(exc))
    except PistonJudgeError as exc:
        log.warning("piston judge error", extra={"error": str(exc)[:500]})
        return PistonOutcome(status=500, message=str(exc))


def push(connection: redis.Redis, job_id: str, outcome: PistonOutcome) -> None:
    key = OUTCOME_KEY.format(job_id)
    with connection.pipeline() as pipe:
        pipe.rpush(key, outcome.model_dump_json())
        pipe.expire(key, OUTCOME_TTL_SECONDS)
        pipe.delete(REQUEST_KEY.format(job_id))
        pipe.execute()


def on_failure(job: Job, connection: redis.Redis, exc_type: type[BaseException] | None,
               exc_value: BaseException | None, tb: TracebackType | None) -> None:
    """RQ failure callback: after the last attempt, answer the waiting request."""
    if job.retries_left:
        return
    reason = f"{exc_type.__name__}: {exc_value}" if exc_type is not None else "unknown failure"
    push(connection, job.id, PistonOutcome(status=500, message=f"judging failed: {reason}"))
