"""The job queues: two RQ queues, ``interactive`` ahead of ``batch``.

A job carries only its submission id (it is also the RQ job id); the worker
reads the request from the submission store, so a re-run judges exactly the
same thing and overwrites the same result. Jobs are enqueued with
``Retry(max=settings.job_retries)``: RQ re-enqueues a job whose worker died
(abandoned-job cleanup of the StartedJobRegistry) or that raised, at the front
of its queue; when the retries are used up :func:`judge.service.worker.on_job_failure`
ends the submission as ``error`` with a message.

RQ cannot see every loss: with two queues a worker dequeues with LPOP, so a
worker SIGKILLed between that LPOP and its started-registry write takes the job
with it; a Redis restart with ``appendfsync everysec`` can drop the last
second of writes (a dequeue, a registry entry). :meth:`JobQueue.sweep`, run
from the workers' maintenance, closes both holes: a submission still pending
in our store whose job is in no queue, intermediate list or started registry
on two sweeps ``sweep_grace_seconds`` apart is enqueued again.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import cast

import redis
from redis.client import Pipeline
from rq import Callback, Queue, Retry
from rq.intermediate_queue import IntermediateQueue
from rq.queue import EnqueueData

from judge.service.connection import text
from judge.service.record import SubmissionRecord
from judge.service.store import PENDING, PENDING_KEY, SubmissionStore
from judge.settings import Settings
from judge.wire.submissions import Priority, SubmissionRequest

log = logging.getLogger("judge.service.queue")

QUEUE_NAMES: tuple[Priority, ...] = ("interactive", "batch")
JOB_FUNCTION = "judge.service.worker.judge_submission"
FAILURE_CALLBACK = "judge.service.worker.on_job_failure"
SUSPECTS_KEY = "judge:sweep:suspects"
IDEMPOTENCY_KEY = "judge:idem:{}"
SWEEP_LOCK_KEY = "judge:sweep:lock"
SWEPT_KEY = "judge:sweep:requeued"  # how many jobs the sweep enqueued again, ever


def new_submission_id() -> str:
    return uuid.uuid4().hex


class JobQueue:
    """Enqueue submissions (API side) and report queue depth (metrics)."""

    def __init__(self, connection: redis.Redis, settings: Settings) -> None:
        self.redis = connection
        self.settings = settings
        self.queues = {name: Queue(name, connection=connection) for name in QUEUE_NAMES}
        self.store = SubmissionStore(connection, settings.result_ttl_seconds)

    def submit(self, requests: list[tuple[SubmissionRequest, str]],
               ids: list[str] | None = None) -> list[str]:
        """Store and enqueue (request, problem version) pairs in one transaction;
        their ids (new ones unless given)."""
        ids = ids or [new_submission_id() for _ in requests]
        with self.redis.pipeline() as pipe:
            self._store_and_enqueue(pipe, ids, requests, time.time())
            pipe.execute()
        return ids

    def submit_once(self, key: str, requests: list[tuple[SubmissionRequest, str]],
                    ids: list[str] | None = None) -> tuple[list[str], bool]:
        """:meth:`submit` under an idempotency key: the first call with ``key``
        stores and enqueues, later ones (a client retrying after a lost answer)
        get the same ids back. (ids, whether this call created them)."""
        idem = IDEMPOTENCY_KEY.format(key)
        ids = ids or [new_submission_id() for _ in requests]
        now = time.time()
        with self.redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(idem)
                    existing = pipe.get(idem)
                    if existing is not None:
                        return text(existing).split(","), False
                    pipe.multi()
                    self._store_and_enqueue(pipe, ids, requests, now)
                    pipe.set(idem, ",".join(ids), ex=self.settings.result_ttl_seconds)
                    pipe.execute()
                    return ids, True
                except redis.WatchError:
                    continue

    def enqueue_in(self, pipe: Pipeline, ids: list[str],
                   requests: list[tuple[SubmissionRequest, str]], reference: bool = False) -> None:
        """Queue on ``pipe`` (a caller's transaction) what :meth:`submit` does;
        ``reference``: the requests are reference programs of a verify run."""
        self._store_and_enqueue(pipe, ids, requests, time.time(), reference)

    def _store_and_enqueue(self, pipe: Pipeline, ids: list[str],
                           requests: list[tuple[SubmissionRequest, str]], now: float,
                           reference: bool = False) -> None:
        by_queue: dict[Priority, list[EnqueueData]] = {name: [] for name in QUEUE_NAMES}
        for submission_id, (request, version) in zip(ids, requests, strict=True):
            record = SubmissionRecord.queued(request, version, now, reference)
            self.store.add(submission_id, record, pipe)
            by_queue[request.priority].append(self._job_data(submission_id))
        for name, datas in by_queue.items():
            if datas:
                self.queues[name].enqueue_many(datas, pipeline=pipe)

    def _job_data(self, submission_id: str) -> EnqueueData:
        return Queue.prepare_data(
            JOB_FUNCTION,
            args=(submission_id,),
            job_id=submission_id,
            timeout=self.settings.job_timeout,
            result_ttl=0,
            failure_ttl=self.settings.result_ttl_seconds,
            retry=Retry(max=self.settings.job_retries, enqueue_at_front=True),
            on_failure=Callback(FAILURE_CALLBACK),
            meta={"result_ttl": self.settings.result_ttl_seconds},
            description=f"judge submission {submission_id}",
        )

    def remove(self, submission_id: str, priority: str) -> None:
        """Drop a canceled job from its queue (a worker would skip it anyway)."""
        queue = self.queues.get(priority)  # type: ignore[call-overload]
        if queue is not None:
            queue.remove(submission_id)

    def depth(self) -> dict[str, int]:
        return {name: q.count for name, q in self.queues.items()}

    def _jobs_present(self) -> set[str]:
        """Ids of the jobs in a queue, an intermediate list or a started or
        scheduled registry, read in one transaction."""
        with self.redis.pipeline() as pipe:
            for queue in self.queues.values():
                pipe.lrange(queue.key, 0, -1)
                pipe.lrange(IntermediateQueue.get_intermediate_queue_key(queue.key), 0, -1)
                pipe.zrange(queue.started_job_registry.key, 0, -1)
                pipe.zrange(queue.scheduled_job_registry.key, 0, -1)
            answers = pipe.execute()
        present: set[str] = set()
        for members in answers:
            for member in members:
                present.add(text(member).split(":", 1)[0])  # started entries are id:execution
        return present

    def sweep(self, now: float | None = None) -> list[str]:
        """Enqueue again the pending submissions whose job vanished; their ids.

        One sweeper at a time (a lock); a job missing on one sweep is only a
        suspect (it may be between a dequeue and its registry write), one still
        missing ``sweep_grace_seconds`` later is enqueued again. Finished or
        expired submissions left in the pending index are dropped from it."""
        now = time.time() if now is None else now
        grace = self.settings.sweep_grace_seconds
        if not self.redis.set(SWEEP_LOCK_KEY, "1", nx=True, ex=max(1, int(grace))):
            return []
        members = cast(list[bytes], self.redis.zrange(PENDING_KEY, 0, -1))
        pending = [text(m) for m in members]
        present = self._jobs_present()
        suspects = {text(k): float(v) for k, v in self.redis.hgetall(SUSPECTS_KEY).items()}
        missing = [i for i in pending if i not in present]
        cleared = [i for i in suspects if i not in missing]
        with self.redis.pipeline() as pipe:
            if cleared:
                pipe.hdel(SUSPECTS_KEY, *cleared)
            for submission_id in missing:
                if submission_id not in suspects:
                    pipe.hset(SUSPECTS_KEY, submission_id, repr(now))
            pipe.execute()
        due = [i for i in missing if i in suspects and now - suspects[i] >= grace]
        return self._requeue(due)

    def _requeue(self, ids: list[str]) -> list[str]:
        requeued = []
        for submission_id in ids:
            record = self.store.record(submission_id)
            with self.redis.pipeline() as pipe:
                pipe.hdel(SUSPECTS_KEY, submission_id)
                if record is None or record.status not in PENDING:
                    pipe.zrem(PENDING_KEY, submission_id)
                else:
                    queue = self.queues[record.request.priority]
                    queue.enqueue_many([self._job_data(submission_id)], pipeline=pipe)
                    pipe.incr(SWEPT_KEY)
                    requeued.append(submission_id)
                pipe.execute()
        if requeued:
            log.warning("requeued", extra={"submissions": requeued[:20], "count": len(requeued)})
        return requeued
