"""Runs in Redis (``/v1/runs``): one hash per run, ``judge:run:<id>``, with the
request (its tests always in a test set, :mod:`judge.service.testsets`), the
status, the result or error and timestamps. A run is judged by an RQ job on the
submissions' queues (:mod:`judge.service.run_jobs`); its final state is
announced on the submissions' events channel, so ``?wait=`` works the same way.
A finished run expires after ``settings.result_ttl_seconds``."""

from __future__ import annotations

import time
import uuid

import redis
import redis.asyncio as aioredis
from rq import Callback, Queue, Retry
from rq.queue import EnqueueData

from judge.service.connection import text
from judge.service.queue import QUEUE_NAMES
from judge.service.store import EVENTS_CHANNEL
from judge.settings import Settings
from judge.wire.runs import RunRequest, RunResult, RunStatus, RunView

JOB_FUNCTION = "judge.service.run_jobs.judge_run"
FAILURE_CALLBACK = "judge.service.run_jobs.on_run_failure"
_VIEW_FIELDS = ("status", "result", "error")


def run_key(run_id: str) -> str:
    return f"judge:run:{run_id}"


def new_run_id() -> str:
    return "run-" + uuid.uuid4().hex


class RunQueue:
    """API side: store runs and enqueue their jobs in one transaction."""

    def __init__(self, connection: redis.Redis, settings: Settings) -> None:
        self.redis = connection
        self.settings = settings
        self.queues = {name: Queue(name, connection=connection) for name in QUEUE_NAMES}

    def submit(self, runs: list[tuple[str, RunRequest]]) -> None:
        """``runs``: (id, request whose tests are in a test set)."""
        now = repr(time.time())
        with self.redis.pipeline() as pipe:
            for run_id, request in runs:
                pipe.hset(run_key(run_id), mapping={
                    "request": request.model_dump_json(), "status": RunStatus.QUEUED.value,
                    "created": now})
                pipe.expire(run_key(run_id), self.settings.result_ttl_seconds)
            for name in QUEUE_NAMES:
                datas = [self._job(run_id) for run_id, r in runs if r.priority == name]
                if datas:
                    self.queues[name].enqueue_many(datas, pipeline=pipe)
            pipe.execute()

    def _job(self, run_id: str) -> EnqueueData:
        return Queue.prepare_data(
            JOB_FUNCTION, args=(run_id,), job_id=run_id, timeout=self.settings.job_timeout,
            result_ttl=0, failure_ttl=self.settings.result_ttl_seconds,
            retry=Retry(max=self.settings.job_retries, enqueue_at_front=True),
            on_failure=Callback(FAILURE_CALLBACK),
            meta={"result_ttl": self.settings.result_ttl_seconds},
            description=f"judge run {run_id}")


class RunStore:
    """Worker side: claim a run, write its result or error."""

    def __init__(self, connection: redis.Redis, result_ttl: int) -> None:
        self.redis = connection
        self.result_ttl = result_ttl

    def claim(self, run_id: str, worker: str) -> RunRequest | None:
        """The request of a run still to judge (queued, or running on a worker
        that died), now marked running; None if it is finished or gone."""
        raw = self.redis.hmget(run_key(run_id), ["status", "request"])
        status, request = text(raw[0]), raw[1]
        if status is None or request is None or RunStatus(status).finished:
            return None
        self.redis.hset(run_key(run_id), mapping={
            "status": RunStatus.RUNNING.value, "worker": worker, "started": repr(time.time())})
        return RunRequest.model_validate_json(request)

    def finish(self, run_id: str, result: RunResult) -> None:
        self._final(run_id, RunStatus.DONE, {"result": result.model_dump_json()})

    def fail(self, run_id: str, message: str) -> None:
        self._final(run_id, RunStatus.ERROR, {"error": message[:4000]})

    def _final(self, run_id: str, status: RunStatus, fields: dict[str, str]) -> None:
        key = run_key(run_id)
        with self.redis.pipeline() as pipe:
            values: dict[str | bytes, str] = {"status": status.value,
                                              "finished": repr(time.time())}
            values.update(fields)
            pipe.hset(key, mapping=dict(values.items()))
            pipe.expire(key, self.result_ttl)
            pipe.publish(EVENTS_CHANNEL, run_id)
            pipe.execute()


class AsyncRunStore:
    """API side: read runs."""

    def __init__(self, connection: aioredis.Redis) -> None:
        self.redis = connection

    async def get_many(self, ids: list[str]) -> list[RunView | None]:
        async with self.redis.pipeline(transaction=False) as pipe:
            for run_id in ids:
                pipe.hmget(run_key(run_id), list(_VIEW_FIELDS))
            answers = await pipe.execute()
        return [_view(run_id, values) for run_id, values in zip(ids, answers, strict=True)]


def _view(run_id: str, values: list[bytes | None]) -> RunView | None:
    status, result, error = (text(v) for v in values)
    if status is None:
        return None
    return RunView(id=run_id, status=RunStatus(status),
                   result=RunResult.model_validate_json(result) if result else None,
                   error=error)
