"""Shared fixtures: a real redis-server for the session (its own free port and
temp directory, append-only persistence with fsync on every write so that a
SIGKILLed and restarted server has lost nothing)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from service_redis import RedisServer


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The session server's URL, emptied for this test."""
    if redis_server.proc is None or redis_server.proc.poll() is not None:
        redis_server.start()
    redis_server.client().flushall()
    return redis_server.url
