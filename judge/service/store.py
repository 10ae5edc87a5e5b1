"""The submission store: one Redis hash per submission, shared by the API (async)
and the workers (sync).

Key ``judge:sub:<id>`` holds one :class:`judge.service.record.SubmissionRecord`:
the request (without its source), the source, the problem version fixed at
submit time, the status, the result or error message, timestamps, ``runs`` (how
many times a worker started judging it, with the claiming workers' names in
``workers``) and ``finishes`` (how many times a result was written: 1 for every
finished submission; a second worker's result for an already finished
submission is refused and counted in ``finishes_refused``). Status changes go
through one Lua script so that a cancel and a worker's claim cannot both win,
and two results cannot both be written. Every final state is announced on the
``judge:events`` channel (the message is the submission id), which is what
``?wait=`` listens to.

Unfinished submissions are also indexed in the ``judge:pending`` sorted set
(score: submit time), so that :func:`judge.service.queue.JobQueue.sweep` can find one
whose queue job vanished (a worker killed between RQ's dequeue and its
started-registry write; a Redis restart that lost its last writes).

Every submission is also indexed in the ``judge:recent`` sorted set (score:
submit time), which the admin listing (:mod:`judge.service.listing`) pages
through, recent first; entries older than the result TTL are trimmed on each
add, and the listing drops those whose hash has expired.

A pending submission never expires; a finished one expires after
``settings.result_ttl_seconds``.
"""

from __future__ import annotations

import time
from typing import Any

import redis
import redis.asyncio as aioredis
from pydantic import BaseModel
from redis.asyncio.client import Pipeline as AsyncPipeline
from redis.client import Pipeline

from judge.service.connection import text
from judge.service.record import CLAIM_FIELDS, CORE_FIELDS, VIEW_FIELDS, SubmissionRecord
from judge.wire.results import SubmissionResult
from judge.wire.submissions import SubmissionRequest, SubmissionStatus, SubmissionView

EVENTS_CHANNEL = "judge:events"
PENDING = (SubmissionStatus.QUEUED, SubmissionStatus.COMPILING, SubmissionStatus.RUNNING)
CANCELED_MESSAGE = "canceled before judging"

PENDING_KEY = "judge:pending"
RECENT_KEY = "judge:recent"

# KEYS[1] submission key. ARGV: new status, allowed current statuses (comma list),
# field to count the transition in ('' for none), field to count a refused
# transition in ('' for none), then field/value pairs (a field written `+name`
# appends the value to `name`, comma-separated). Returns {changed, current status}.
_TRANSITION = """
local cur = redis.call('HGET', KEYS[1], 'status')
if not cur then return {0, ''} end
if not string.find(',' .. ARGV[2] .. ',', ',' .. cur .. ',', 1, true) then
  if ARGV[4] ~= '' then redis.call('HINCRBY', KEYS[1], ARGV[4], 1) end
  return {0, cur}
end
redis.call('HSET', KEYS[1], 'status', ARGV[1])
if ARGV[3] ~= '' then redis.call('HINCRBY', KEYS[1], ARGV[3], 1) end
for i = 5, #ARGV, 2 do
  local field = ARGV[i]
  if string.sub(field, 1, 1) == '+' then
    field = string.sub(field, 2)
    local old = redis.call('HGET', KEYS[1], field)
    redis.call('HSET', KEYS[1], field, old and (old .. ',' .. ARGV[i + 1]) or ARGV[i + 1])
  else
    redis.call('HSET', KEYS[1], field, ARGV[i + 1])
  end
end
return {1, cur}
"""


def submission_key(submission_id: str) -> str:
    return f"judge:sub:{submission_id}"


class Claimed(BaseModel):
    """A submission a worker took: the request (with its source) and the version."""

    id: str
    request: SubmissionRequest
    problem_version: str
    created_at: float
    runs: int
    reference: bool = False


def _view(submission_id: str, values: list[Any]) -> SubmissionView | None:
    """The state of an ``HMGET`` of :data:`VIEW_FIELDS` (None if there is none)."""
    record = SubmissionRecord.from_values(VIEW_FIELDS, values)
    return None if record is None else record.view(submission_id)


def _statuses(*statuses: SubmissionStatus) -> str:
    return ",".join(s.value for s in statuses)


def queue_announcement(pipe: Pipeline | AsyncPipeline, submission_id: str, ttl: int) -> None:
    """Queue on ``pipe`` what follows every final state: the expiry, leaving the
    pending index, and the event ``?wait=`` listens to."""
    pipe.expire(submission_key(submission_id), ttl)
    pipe.zrem(PENDING_KEY, submission_id)
    pipe.publish(EVENTS_CHANNEL, submission_id)


class SubmissionStore:
    """Worker-side (synchronous) access to submissions."""

    def __init__(self, connection: redis.Redis, result_ttl: int) -> None:
        self.redis = connection
        self.result_ttl = result_ttl
        self._transition = connection.register_script(_TRANSITION)

    def add(self, submission_id: str, record: SubmissionRecord, pipe: Pipeline) -> None:
        # A dict built in place: redis' stubs want a wider key type than str.
        pipe.hset(submission_key(submission_id), mapping=dict(record.to_hash().items()))
        pipe.zadd(PENDING_KEY, {submission_id: record.created_at})
        pipe.zadd(RECENT_KEY, {submission_id: record.created_at})
        pipe.zremrangebyscore(RECENT_KEY, "-inf", record.created_at - self.result_ttl)

    def record(self, submission_id: str, names: tuple[str, ...] = CORE_FIELDS
               ) -> SubmissionRecord | None:
        """The submission's record, read in part (``names``); None if there is none."""
        values = self.redis.hmget(submission_key(submission_id), list(names))
        return SubmissionRecord.from_values(names, values)

    def claim(self, submission_id: str, worker: str) -> Claimed | None:
        """Take a pending submission for judging (again, after a crash); None if it
        is finished, canceled or gone. Counts the run."""
        key = submission_key(submission_id)
        with self.redis.pipeline() as pipe:  # one round trip
            self._transition(
                keys=[key],
                args=[SubmissionStatus.COMPILING.value, _statuses(*PENDING), "runs", "",
                      "started_at", repr(time.time()), "worker", worker, "+workers", worker],
                client=pipe,
            )
            pipe.hmget(key, list(CLAIM_FIELDS))
            (changed, _), values = pipe.execute()
        record = SubmissionRecord.from_values(CLAIM_FIELDS, values) if changed else None
        if record is None:
            return None
        return Claimed(id=submission_id, request=record.request,
                       problem_version=record.problem_version, created_at=record.created_at,
                       runs=record.runs, reference=record.reference)

    def mark_running(self, submission_id: str) -> None:
        self._transition(
            keys=[submission_key(submission_id)],
            args=[SubmissionStatus.RUNNING.value, _statuses(SubmissionStatus.COMPILING), "", ""],
        )

    def finish(self, submission_id: str, result: SubmissionResult, token: str) -> bool:
        """Store the result of a pending submission; False (and counted in
        ``finishes_refused``) if it had already finished: the first result
        written is the one kept, so a result is never written twice. ``token``
        (which run of which worker) is kept in ``finished_by``, so a writer whose
        answer was lost with the connection can tell whether its write landed.

        One round trip: the expiry, pending-index removal and announcement ride
        along (harmless when refused: the submission is then already finished)."""
        key = submission_key(submission_id)
        with self.redis.pipeline(transaction=False) as pipe:
            self._transition(
                keys=[key],
                args=[SubmissionStatus.DONE.value, _statuses(*PENDING), "finishes",
                      "finishes_refused", "result", result.model_dump_json(),
                      "finished_at", repr(time.time()), "finished_by", token,
                      "score", repr(result.score), "max_score", repr(result.max_score)],
                client=pipe,
            )
            queue_announcement(pipe, submission_id, self.result_ttl)
            (changed, _), *_ = pipe.execute()
        return bool(changed)

    def announce(self, submission_id: str) -> None:
        """Expire a finished submission, drop it from the pending index, announce it."""
        with self.redis.pipeline() as pipe:
            queue_announcement(pipe, submission_id, self.result_ttl)
            pipe.execute()

    def finished_by(self, submission_id: str) -> str | None:
        return text(self.redis.hget(submission_key(submission_id), "finished_by"))

    def fail(self, submission_id: str, message: str) -> bool:
        """End a pending submission as ``error`` with a message; False if it had
        already finished (a result is never replaced by an error)."""
        changed, _ = self._transition(
            keys=[submission_key(submission_id)],
            args=[SubmissionStatus.ERROR.value, _statuses(*PENDING), "", "",
                  "error", message[:4000], "finished_at", repr(time.time())],
        )
        if changed:
            self.announce(submission_id)
        return bool(changed)

    def get(self, submission_id: str) -> SubmissionView | None:
        values = self.redis.hmget(submission_key(submission_id), list(VIEW_FIELDS))
        return _view(submission_id, values)

    def get_many(self, ids: list[str]) -> list[SubmissionView | None]:
        with self.redis.pipeline(transaction=False) as pipe:
            for submission_id in ids:
                pipe.hmget(submission_key(submission_id), list(VIEW_FIELDS))
            rows = pipe.execute()
        return [_view(i, row) for i, row in zip(ids, rows, strict=True)]


class AsyncSubmissionStore:
    """API-side (asyncio) access to submissions."""

    def __init__(self, connection: aioredis.Redis, result_ttl: int) -> None:
        self.redis = connection
        self.result_ttl = result_ttl
        self._transition = connection.register_script(_TRANSITION)

    async def get_many(self, ids: list[str]) -> list[SubmissionView | None]:
        async with self.redis.pipeline(transaction=False) as pipe:
            for submission_id in ids:
                pipe.hmget(submission_key(submission_id), list(VIEW_FIELDS))
            rows = await pipe.execute()
        return [_view(i, row) for i, row in zip(ids, rows, strict=True)]

    async def get(self, submission_id: str) -> SubmissionView | None:
        return (await self.get_many([submission_id]))[0]

    async def cancel(self, submission_id: str) -> tuple[bool, str]:
        """Cancel a queued submission: (changed, status it had)."""
        key = submission_key(submission_id)
        changed, current = await self._transition(
            keys=[key],
            args=[SubmissionStatus.ERROR.value, _statuses(SubmissionStatus.QUEUED), "", "",
                  "error", CANCELED_MESSAGE, "finished_at", repr(time.time())],
        )
        if changed:
            async with self.redis.pipeline() as pipe:
                queue_announcement(pipe, submission_id, self.result_ttl)
                await pipe.execute()
        return bool(changed), text(current) or ""
