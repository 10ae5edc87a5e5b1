"""``?wait=``: hold a request until its submissions finish, without polling.

One subscription per API process to the ``judge:events`` channel (workers
publish a submission's id when it finishes) wakes the requests waiting for that
id. A waiter registers before it reads the state, so no event can slip between
the read and the wait; after a lost connection every waiter re-reads, and each
re-reads at least every ``RECHECK_SECONDS`` in case an event was missed while
Redis was away.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from judge.service.connection import text
from judge.service.store import EVENTS_CHANNEL

log = logging.getLogger("judge.api")
RECHECK_SECONDS = 5.0


class Notifier:
    def __init__(self, connection: aioredis.Redis) -> None:
        self.redis = connection
        self._waiters: dict[str, set[asyncio.Event]] = {}
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="judge-events")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _listen(self) -> None:
        while True:
            try:
                async with self.redis.pubsub() as pubsub:
                    await pubsub.subscribe(EVENTS_CHANNEL)
                    self._wake_all()
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self._wake(message["data"])
            except (RedisError, OSError) as exc:
                log.warning("event subscription lost", extra={"error": str(exc)})
                self._wake_all()
                await asyncio.sleep(1.0)

    def _wake(self, data: bytes | str) -> None:
        for event in self._waiters.get(text(data), ()):
            event.set()

    def _wake_all(self) -> None:
        for events in self._waiters.values():
            for event in events:
                event.set()

    @contextlib.contextmanager
    def watch(self, ids: list[str]) -> Iterator[asyncio.Event]:
        """An event set whenever one of ``ids`` may have finished."""
        event = asyncio.Event()
        for submission_id in ids:
            self._waiters.setdefault(submission_id, set()).add(event)
        try:
            yield event
        finally:
            for submission_id in ids:
                events = self._waiters.get(submission_id)
                if events is not None:
                    events.discard(event)
                    if not events:
                        del self._waiters[submission_id]


async def wait_for(event: asyncio.Event, seconds: float) -> None:
    """Wait for the event or ``seconds`` (at most RECHECK_SECONDS), then clear it."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout=min(seconds, RECHECK_SECONDS))
    event.clear()
