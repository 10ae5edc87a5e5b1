"""Test sets in Redis: content-addressed (the id is the sha256 of the canonical
tests, :func:`judge.wire.runs.testset_id`), so uploading the same tests twice
stores them once and 16 completions of one prompt reference one copy.

Key ``judge:testset:<id>`` holds the tests as JSON; it expires
``settings.testset_ttl_seconds`` after its last upload or use. Workers keep the
test sets they used last in memory (they are immutable)."""

from __future__ import annotations

from collections import OrderedDict

import redis
import redis.asyncio as aioredis
from pydantic import TypeAdapter

from judge.wire.runs import RunTest, TestsetInfo, tests_bytes, testset_id

_TESTS = TypeAdapter(list[RunTest])
_MEMORY_BYTES = 256 * 1024 * 1024  # test data a worker keeps in memory


def testset_key(set_id: str) -> str:
    return f"judge:testset:{set_id}"


class AsyncTestsets:
    """API-side access: store (idempotent) and describe test sets."""

    def __init__(self, connection: aioredis.Redis, ttl: int) -> None:
        self.redis = connection
        self.ttl = ttl

    async def put(self, tests: list[RunTest]) -> TestsetInfo:
        """Store the tests (once per content; a repeat only renews the expiry)."""
        set_id = testset_id(tests)
        key = testset_key(set_id)
        if not await self.redis.set(key, _TESTS.dump_json(tests), ex=self.ttl, nx=True):
            await self.redis.expire(key, self.ttl)
        return TestsetInfo(id=set_id, tests=len(tests), bytes=tests_bytes(tests))

    async def info(self, set_id: str) -> TestsetInfo | None:
        raw = await self.redis.get(testset_key(set_id))
        if raw is None:
            return None
        tests = _TESTS.validate_json(raw)
        return TestsetInfo(id=set_id, tests=len(tests), bytes=tests_bytes(tests))

    async def touch(self, set_id: str) -> bool:
        """Renew a test set a run is about to use; False if it does not exist."""
        return bool(await self.redis.expire(testset_key(set_id), self.ttl))


class Testsets:
    """Worker-side reads, with the last used sets kept in memory."""

    def __init__(self, connection: redis.Redis) -> None:
        self.redis = connection
        self._memory: OrderedDict[str, tuple[list[RunTest], int]] = OrderedDict()
        self._bytes = 0

    def load(self, set_id: str) -> list[RunTest] | None:
        if set_id in self._memory:
            self._memory.move_to_end(set_id)
            return self._memory[set_id][0]
        raw = self.redis.get(testset_key(set_id))
        if raw is None:
            return None
        tests = _TESTS.validate_json(raw)
        size = tests_bytes(tests)
        self._memory[set_id] = (tests, size)
        self._bytes += size
        while self._bytes > _MEMORY_BYTES and len(self._memory) > 1:
            self._bytes -= self._memory.popitem(last=False)[1][1]
        return tests
