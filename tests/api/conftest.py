"""Fixtures for the service tests: settings over the session's redis-server,
the API (real uvicorn in a thread), worker subprocesses, a problem uploader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from service_helpers import ADMIN, ApiServer, Uploader, Workers, make_settings, problem_zip

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
