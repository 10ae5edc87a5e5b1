"""The job queues: two RQ queues, ``interactive`` ahead of ``batch``.

A job carries only its submission id (it is also the RQ job id); the worker
reads the request from the submission store, so a re-run judges exactly the
same thing and overwrites the same result. Jobs are enqueued with
``Retry(max=settings.job_retries)``: RQ re-enqueues a job whose worker died
(abandoned-job cleanup of the StartedJobRegistry) or that raised, at the front
of its queue; when the retries are used up :func:`judge.worker.on_job_failure`
ends the submission as ``error`` with a message.
"""

from __future__ import annotations

import time
import uuid

import redis
from rq import Callback, Queue, Retry
from rq.queue import EnqueueData

from judge.client.models import Priority, SubmissionRequest
from judge.settings import Settings
from judge.store import SubmissionStore, new_record

QUEUE_NAMES: tuple[Priority, ...] = ("interactive", "batch")
JOB_FUNCTION = "judge.worker.judge_submission"
FAILURE_CALLBACK = "judge.worker.on_job_failure"


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
        now = time.time()
        ids = ids or [new_submission_id() for _ in requests]
        by_queue: dict[Priority, list[EnqueueData]] = {name: [] for name in QUEUE_NAMES}
        with self.redis.pipeline() as pipe:
            for submission_id, (request, version) in zip(ids, requests, strict=True):
                self.store.add(submission_id, new_record(request, version, now), pipe)
                by_queue[request.priority].append(self._job_data(submission_id))
            for name, datas in by_queue.items():
                if datas:
                    self.queues[name].enqueue_many(datas, pipeline=pipe)
            pipe.execute()
        return ids

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
