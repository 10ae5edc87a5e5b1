"""Fixtures for the service tests: settings over the session's redis-server,
the API (real uvicorn in a thread), worker subprocesses, a problem uploader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from service_helpers import ADMIN, ApiServer, Uploader, Workers, make_settings, problem_zip

from bench.harness import RedisServer
from judge.settings import Settings


@pytest.fixture
def settings(redis_url: str, tmp_path: Path) -> Settings:
    return make_settings(redis_url, tmp_path / "data")


@pytest.fixture
def api(settings: Settings) -> Iterator[ApiServer]:
    with ApiServer(settings) as server:
        yield server


@pytest.fixture
def workers(settings: Settings) -> Iterator[Workers]:
    with Workers(settings) as pool:
        yield pool


@pytest.fixture
def upload(api: ApiServer) -> Uploader:
    def send(content: bytes | None = None, filename: str = "apb.zip", token: str = ADMIN,
             **form: str) -> object:
        data = problem_zip() if content is None else content
        with api.client(token) as client:
            return client.post("/v1/problems", files={"file": (filename, data)}, data=form)

    return send


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Iterator[None]:
    """Each phase's report on the test item (``item.report_call``), for fixtures
    that keep evidence of a failure (the console tests' screenshots)."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report
@pytest.fixture(scope="module")
def judging_api(redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[ApiServer]:
    """The API with one worker, for a whole module: its tests share one compile
    cache (the Piston tests send the same graders and checkers again and again)."""
    if not redis_server.running():
        redis_server.start()
    with redis_server.client() as client:
        client.flushall()
    settings = make_settings(redis_server.url, tmp_path_factory.mktemp("judging") / "data")
    with ApiServer(settings) as api, Workers(settings) as workers:
        workers.start(1)
        yield api
