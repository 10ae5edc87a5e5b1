"""The service at a glance (``GET /v1/admin/service``): queue depths per
priority, the live workers (RQ's worker registry) with what each is doing and
how its sandbox isolates (what it recorded in :mod:`judge.service.isolation`),
and the submissions judged per minute over the last hour
(:data:`judge.service.metrics.JUDGED_PER_MINUTE_KEY` buckets)."""

from __future__ import annotations

import time

import redis
from rq import Worker
from rq.worker import BaseWorker

from judge.service import isolation
from judge.service.metrics import JUDGED_PER_MINUTE_KEY, THROUGHPUT_MINUTES
from judge.service.queue import JobQueue
from judge.wire.admin import Isolation, QueueInfo, ServiceStatus, ThroughputPoint, WorkerInfo
from judge.wire.results import IsolationMode

KINDS: dict[IsolationMode, Isolation] = {
    "cgroup-v1": "cgroup-v1", "cgroup-v2": "cgroup-v2", isolation.DEGRADED: "degraded"}


def isolation_kind(mode: str | None) -> Isolation:
    """How the console names a worker's isolation mode (``rlimits``: degraded)."""
    return next((kind for known, kind in KINDS.items() if known == mode), "unknown")


class ServiceStatusReader:
    """Reads the service's state (synchronous Redis and RQ: call from a thread)."""

    def __init__(self, connection: redis.Redis, queue: JobQueue) -> None:
        self.redis = connection
        self.queue = queue

    def read(self, now: float | None = None) -> ServiceStatus:
        workers = self.workers()
        kinds = sorted({w.isolation for w in workers})
        return ServiceStatus(
            queues=self.queues(), workers_alive=len(workers),
            workers_busy=sum(w.busy for w in workers), workers=workers,
            throughput=self.throughput(time.time() if now is None else now), isolation=kinds,
        )

    def queues(self) -> list[QueueInfo]:
        return [QueueInfo(priority=name, queued=queue.count,
                          running=queue.started_job_registry.count)
                for name, queue in self.queue.queues.items()]

    def workers(self) -> list[WorkerInfo]:
        found = sorted(Worker.all(connection=self.redis), key=lambda w: w.name)
        modes = isolation.worker_modes(self.redis)
        return [self._info(worker, *modes.get(worker.name, (None, ""))) for worker in found]

    @staticmethod
    def _info(worker: BaseWorker, mode: str | None, reason: str) -> WorkerInfo:
        raw = worker.get_state()
        state = str(getattr(raw, "value", raw))  # RQ answers a WorkerStatus or its text
        return WorkerInfo(
            name=worker.name, hostname=worker.hostname or "", pid=worker.pid, state=state,
            busy=state == "busy", current_submission=worker.get_current_job_id(),
            isolation=isolation_kind(mode),
            isolation_detail=f"{mode} (degraded: {reason})" if reason else mode or "",
            started_at=worker.birth_date.timestamp() if worker.birth_date else None,
            last_heartbeat=worker.last_heartbeat.timestamp() if worker.last_heartbeat else None,
        )

    def throughput(self, now: float) -> list[ThroughputPoint]:
        """Submissions judged per minute, the last :data:`THROUGHPUT_MINUTES`, oldest first."""
        current = int(now // 60) * 60
        minutes = [current - 60 * back for back in range(THROUGHPUT_MINUTES - 1, -1, -1)]
        values = self.redis.mget([JUDGED_PER_MINUTE_KEY.format(m) for m in minutes])
        return [ThroughputPoint(minute=m, judged=int(v) if v else 0)
                for m, v in zip(minutes, values, strict=True)]
