"""The admin view of submissions: recent first, filtered, paged by cursor, and
one submission whole (with its source).

Pages walk the ``judge:recent`` index (:data:`judge.service.store.RECENT_KEY`,
score: submit time) from the newest down. The cursor is the id of the last
submission a page looked at, found again by its rank, so submissions added
meanwhile shift nothing and submissions sharing a submit time (one batch) are
neither repeated nor skipped. A filtered page reads at most
:data:`MAX_SCANNED` index entries; when it stops there it still hands a
cursor on, so a rare filter costs several short requests, never one long one."""

from __future__ import annotations

from typing import Any, cast

import redis.asyncio as aioredis
from pydantic import BaseModel

from judge.service.connection import text
from judge.service.record import SUMMARY_FIELDS, SubmissionRecord
from judge.service.store import RECENT_KEY, submission_key
from judge.wire.admin import AdminSubmission, SubmissionPage, SubmissionSummary
from judge.wire.submissions import SubmissionStatus

CHUNK = 200
MAX_SCANNED = 5000


class UnknownCursor(ValueError):
    """``before=`` names no submission of the index (expired, or never was)."""


class SubmissionFilter(BaseModel):
    """Which submissions a listing shows (None: any)."""

    problem: str | None = None
    status: SubmissionStatus | None = None
    language: str | None = None

    def matches(self, record: SubmissionRecord) -> bool:
        return ((self.problem is None or record.request.problem_id == self.problem)
                and (self.status is None or record.status is self.status)
                and (self.language is None or record.request.language == self.language))


def summary(submission_id: str, record: SubmissionRecord) -> SubmissionSummary:
    return SubmissionSummary(
        id=submission_id, status=record.status, problem_id=record.request.problem_id,
        problem_version=record.problem_version, language=record.request.language,
        priority=record.request.priority, score=record.score, max_score=record.max_score,
        created_at=record.created_at, started_at=record.started_at,
        finished_at=record.finished_at, error=record.error, metadata=record.request.metadata,
    )


class SubmissionListing:
    """API-side (asyncio) reads of the submission index."""

    def __init__(self, connection: aioredis.Redis) -> None:
        self.redis = connection

    async def page(self, wanted: SubmissionFilter, limit: int, before: str | None = None
                   ) -> SubmissionPage:
        """Up to ``limit`` submissions matching ``wanted``, newest first, older
        than the submission ``before`` (the previous page's ``next_before``)."""
        position = await self._start(before)
        rows: list[SubmissionSummary] = []
        last: str | None = None
        scanned = 0
        while len(rows) < limit and scanned < MAX_SCANNED:
            members = await self.redis.zrevrange(RECENT_KEY, position, position + CHUNK - 1)
            ids = [text(m) for m in cast(list[bytes], members)]
            if not ids:
                break
            expired = []
            for submission_id, record in zip(ids, await self._records(ids), strict=True):
                position, scanned, last = position + 1, scanned + 1, submission_id
                if record is None:
                    expired.append(submission_id)
                elif wanted.matches(record):
                    rows.append(summary(submission_id, record))
                    if len(rows) == limit:
                        break
            position -= await self._drop_expired(expired)
        more = last is not None and position < await self.redis.zcard(RECENT_KEY)
        return SubmissionPage(submissions=rows, next_before=last if more else None)

    async def _start(self, before: str | None) -> int:
        if before is None:
            return 0
        rank = await self.redis.zrevrank(RECENT_KEY, before)
        if rank is None:
            raise UnknownCursor(f"before={before[:100]!r} is no submission of the listing "
                                "(expired, or not an id from next_before)")
        return cast(int, rank) + 1

    async def _records(self, ids: list[str]) -> list[SubmissionRecord | None]:
        async with self.redis.pipeline(transaction=False) as pipe:
            for submission_id in ids:
                pipe.hmget(submission_key(submission_id), list(SUMMARY_FIELDS))
            rows: list[Any] = await pipe.execute()
        return [SubmissionRecord.from_values(SUMMARY_FIELDS, row) for row in rows]

    async def _drop_expired(self, ids: list[str]) -> int:
        """Drop index entries whose submission expired; how many (the ranks
        after them shift down by that much)."""
        return cast(int, await self.redis.zrem(RECENT_KEY, *ids)) if ids else 0

    async def one(self, submission_id: str) -> AdminSubmission | None:
        """The whole submission: state, result, source, who judged it."""
        fields = await self.redis.hgetall(submission_key(submission_id))
        record = SubmissionRecord.from_hash(cast(dict[bytes, bytes], fields))
        if record is None:
            return None
        view = record.view(submission_id)
        return AdminSubmission(
            **view.model_dump(), source=record.request.source,
            output_files=sorted(record.request.outputs), subtask=record.request.subtask,
            early_stop=record.request.early_stop, worker=record.worker,
            workers=record.workers or [],
        )
