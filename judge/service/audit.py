"""How submissions were judged, as the store counted it: who claimed each one,
how many results were written or refused, how many jobs the sweep enqueued
again. Read-only figures for reliability checks (``ioi-judge bench load``) and
operators; the REST API answers what a submitter needs (status and result)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import redis
from pydantic import BaseModel, Field

from judge.service.queue import SWEPT_KEY
from judge.service.record import CORE_FIELDS, SubmissionRecord
from judge.service.store import submission_key
from judge.wire.results import SubmissionResult
from judge.wire.submissions import SubmissionStatus

_FIELDS = (*CORE_FIELDS, "result", "finishes", "finishes_refused", "workers")
CHUNK = 1000


class JudgingAudit(BaseModel):
    id: str
    status: SubmissionStatus | None = Field(description="None: the submission is gone.")
    result: SubmissionResult | None = None
    runs: int = Field(0, description="Judge executions started (claims).")
    finishes: int = Field(0, description="Results written (1 once done).")
    finishes_refused: int = Field(0, description="Results refused: one was already written.")
    workers: list[str] = Field(default_factory=list, description="Claiming workers, in order.")


class SubmissionAudit:
    """Reads the figures over a connection opened with ``decode_responses=True``
    (:meth:`connect`)."""

    def __init__(self, connection: redis.Redis) -> None:
        self.redis = connection

    @classmethod
    def connect(cls, url: str, timeout: float = 5.0) -> SubmissionAudit:
        return cls(redis.Redis.from_url(url, decode_responses=True, socket_timeout=timeout,
                                        socket_connect_timeout=1))

    def statuses(self, ids: Sequence[str]) -> list[SubmissionStatus | None]:
        rows = self._read(ids, ("status",))
        return [None if status is None else SubmissionStatus(status) for [status] in rows]

    def audits(self, ids: Sequence[str]) -> list[JudgingAudit]:
        return [self._audit(i, row) for i, row in zip(ids, self._read(ids, _FIELDS), strict=True)]

    def requeued_by_sweep(self) -> int:
        """Jobs the sweep enqueued again, ever (:meth:`judge.service.queue.JobQueue.sweep`)."""
        return int(self.redis.get(SWEPT_KEY) or 0)

    def _read(self, ids: Sequence[str], fields: Sequence[str]) -> Iterator[list[str | None]]:
        for start in range(0, len(ids), CHUNK):
            with self.redis.pipeline(transaction=False) as pipe:
                for submission_id in ids[start:start + CHUNK]:
                    pipe.hmget(submission_key(submission_id), list(fields))
                yield from pipe.execute()

    @staticmethod
    def _audit(submission_id: str, row: list[str | None]) -> JudgingAudit:
        record = SubmissionRecord.from_values(_FIELDS, row)
        if record is None:
            return JudgingAudit(id=submission_id, status=None)
        return JudgingAudit(
            id=submission_id, status=record.status, result=record.result, runs=record.runs,
            finishes=record.finishes or 0, finishes_refused=record.finishes_refused or 0,
            workers=record.workers or [],
        )
