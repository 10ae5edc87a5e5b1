"""A real ioi-judge service for the client tests (:class:`bench.harness.ServiceProcesses`:
its own redis-server on a free port, the API and one worker over a temporary
data dir), with the tiny sum problem uploaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from client_service import Service
from sum_problem import problem_zip

from bench.harness import SUBMIT_TOKEN, ServiceProcesses


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with ServiceProcesses(tmp_path_factory.mktemp("service"), workers=1) as running:
        with running.client() as admin:
            response = admin.post("/v1/problems",
                                  files={"file": ("sum.zip", problem_zip(), "application/zip")})
            assert response.status_code in (200, 201), response.text
        yield Service(url=running.url, token=SUBMIT_TOKEN)
