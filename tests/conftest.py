"""Shared fixtures: a real redis-server for the session (its own free port and
temp directory, append-only persistence with fsync on every write so that a
SIGKILLed and restarted server has lost nothing). The service harness itself
is :mod:`bench.harness`; the helpers the service tests share are in
``service_helpers`` (this folder is on ``sys.path`` through this conftest)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.harness import RedisServer


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The session server's URL, emptied for this test."""
    if not redis_server.running():
        redis_server.start()
    with redis_server.client() as client:
        client.flushall()
    return redis_server.url


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line for every test skipped for want of the IOI packages."""
    from shared_data import REASON

    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if isinstance(r.longrepr, tuple) and r.longrepr[2].endswith(REASON)]
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} tests skipped: {REASON}", yellow=True)
