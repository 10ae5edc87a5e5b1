"""The submission store: one Redis hash per submission, shared by the API (async)
and the workers (sync).

Key ``judge:sub:<id>`` holds the request (without its source), the source, the
problem version fixed at submit time, the status, the result or error message,
timestamps, ``runs`` (how many times a worker started judging it, with the
claiming workers' names in ``workers``) and ``finishes`` (how many times a
result was written: 1 for every finished submission; a second worker's result
for an already finished submission is refused and counted in
``finishes_refused``). Status changes go through one Lua script so that a
cancel and a worker's claim cannot both win, and two results cannot both be
written. Every final state is announced on the ``judge:events`` channel (the
message is the submission id), which is what ``?wait=`` listens to.

Unfinished submissions are also indexed in the ``judge:pending`` sorted set
(score: submit time), so that :func:`judge.service.queue.JobQueue.sweep` can find one
whose queue job vanished (a worker killed between RQ's dequeue and its
started-registry write; a Redis restart that lost its last writes).

A pending submission never expires; a finished one expires after
``settings.result_ttl_seconds``.
"""

from __future__ import annotations

import json
import time
from typing import Any

import redis
import redis.asyncio as aioredis
from pydantic import BaseModel, Field
from redis.asyncio.client import Pipeline as AsyncPipeline
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import ExponentialBackoff
from redis.client import Pipeline
from redis.retry import Retry

from judge.wire.results import SubmissionResult
from judge.wire.submissions import SubmissionRequest, SubmissionState, SubmissionStatus

EVENTS_CHANNEL = "judge:events"
PENDING = (SubmissionStatus.QUEUED, SubmissionStatus.COMPILING, SubmissionStatus.RUNNING)
CANCELED_MESSAGE = "canceled before judging"

PENDING_KEY = "judge:pending"

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

_VIEW_FIELDS = (
    "status", "request", "problem_version", "result", "error",
    "created_at", "started_at", "finished_at", "runs", "worker", "finishes",
)


def _reconnecting(retry_class: type[Retry] | type[AsyncRetry]) -> dict[str, Any]:
    """Client options that survive a Redis restart: a command that meets a dead
    pooled connection is retried on a fresh one instead of failing."""
    return {
        "health_check_interval": 10,
        "retry": retry_class(ExponentialBackoff(cap=1.0, base=0.05), 6),
        "retry_on_error": [redis.ConnectionError, redis.TimeoutError],
    }


def connect(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, **_reconnecting(Retry))


def connect_async(url: str) -> aioredis.Redis:
    return aioredis.Redis.from_url(url, **_reconnecting(AsyncRetry))


def submission_key(submission_id: str) -> str:
    return f"judge:sub:{submission_id}"


class SubmissionView(SubmissionState):
    """What ``GET /v1/submissions/{id}`` answers: the client's
    :class:`SubmissionState` plus where and when it was judged."""

    problem_id: str = ""
    problem_version: str = Field("", description="The problem version fixed at submit time.")
    language: str = ""
    priority: str = ""
    metadata: dict[str, Any] = Field(default_factory=dict)
    created_at: float | None = None
    started_at: float | None = None
    finished_at: float | None = None
    runs: int = Field(0, description="How many times a worker started judging it.")
    finishes: int = Field(
        0, description="How many times its result was written (1 once done: never twice)."
    )


class Claimed(BaseModel):
    """A submission a worker took: the request (with its source) and the version."""

    id: str
    request: SubmissionRequest
    problem_version: str
    created_at: float
    runs: int


def new_record(request: SubmissionRequest, version: str, now: float) -> dict[str, str]:
    """The hash fields of a freshly queued submission."""
    return {
        "status": SubmissionStatus.QUEUED.value,
        "request": request.model_dump_json(exclude={"source"}),
        "source": request.source,
        "problem_version": version,
        "created_at": repr(now),
        "runs": "0",
    }


def _text(value: bytes | str | None) -> str | None:
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else value


def _float(value: str | None) -> float | None:
    return float(value) if value else None


def view_from_fields(submission_id: str, values: list[Any]) -> SubmissionView | None:
    row = dict(zip(_VIEW_FIELDS, (_text(v) for v in values), strict=True))
    if row["status"] is None:
        return None
    request = json.loads(row["request"] or "{}")
    return SubmissionView(
        id=submission_id,
        status=SubmissionStatus(row["status"]),
        result=SubmissionResult.model_validate_json(row["result"]) if row["result"] else None,
        error=row["error"],
        problem_id=request.get("problem_id", ""),
        problem_version=row["problem_version"] or "",
        language=request.get("language", ""),
        priority=request.get("priority", ""),
        metadata=request.get("metadata") or {},
        created_at=_float(row["created_at"]),
        started_at=_float(row["started_at"]),
        finished_at=_float(row["finished_at"]),
        runs=int(row["runs"] or 0),
        finishes=int(row["finishes"] or 0),
    )


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

    def add(self, submission_id: str, fields: dict[str, str], pipe: Pipeline) -> None:
        pipe.hset(submission_key(submission_id), mapping=dict(fields.items()))
        pipe.zadd(PENDING_KEY, {submission_id: float(fields["created_at"])})

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
            pipe.hmget(key, ["request", "source", "problem_version", "created_at", "runs"])
            (changed, _), (request, source, version, created, runs) = pipe.execute()
        if not changed:
            return None
        data = json.loads(_text(request) or "{}")
        data["source"] = _text(source) or ""
        return Claimed(
            id=submission_id,
            request=SubmissionRequest.model_validate(data),
            problem_version=_text(version) or "",
            created_at=float(_text(created) or time.time()),
            runs=int(_text(runs) or 1),
        )

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
                      "finished_at", repr(time.time()), "finished_by", token],
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
        return _text(self.redis.hget(submission_key(submission_id), "finished_by"))

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
        values = self.redis.hmget(submission_key(submission_id), list(_VIEW_FIELDS))
        return view_from_fields(submission_id, values)


class AsyncSubmissionStore:
    """API-side (asyncio) access to submissions."""

    def __init__(self, connection: aioredis.Redis, result_ttl: int) -> None:
        self.redis = connection
        self.result_ttl = result_ttl
        self._transition = connection.register_script(_TRANSITION)

    async def get_many(self, ids: list[str]) -> list[SubmissionView | None]:
        async with self.redis.pipeline(transaction=False) as pipe:
            for submission_id in ids:
                pipe.hmget(submission_key(submission_id), list(_VIEW_FIELDS))
            rows = await pipe.execute()
        return [view_from_fields(i, row) for i, row in zip(ids, rows, strict=True)]

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
        return bool(changed), _text(current) or ""
