"""Helpers for the service tests (tests/api, tests/reliability, tests/service):
the harness of :mod:`bench.harness` with quick heartbeats and sweeps, the a+b
problem of :mod:`bench.problems` as ``apb``, submitting and waiting."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench import SHARED_PACKAGES as SHARED
from bench.harness import ADMIN_TOKEN as ADMIN
from bench.harness import SUBMIT_TOKEN as SUBMIT
from bench.harness import ApiServer, Workers, free_port, service_settings
from bench.problems import CPP_INT, CPP_OK, PY_OK, aplusb
from judge.settings import Settings

__all__ = [
    "ADMIN", "CPP_INT", "CPP_OK", "PY_OK", "PY_SLOW", "SHARED", "SUBMIT", "ApiServer",
    "Uploader", "Workers", "free_port", "make_settings", "problem_zip", "submit", "wait_status",
]

PY_SLOW = "import time\ntime.sleep({seconds})\n" + PY_OK
# A dead worker's job is found within seconds, not the production minute.
# No precompiled headers: a fresh data dir would build one per test (seconds each).
QUICK = {"heartbeat_seconds": 1.0, "heartbeat_grace_seconds": 2, "maintenance_seconds": 2,
         "job_timeout": 120, "compile_pch": False}

Uploader = Callable[..., httpx.Response]


def problem_zip(problem_id: str = "apb", time_limit: float = 2.0, extra: str = "") -> bytes:
    return aplusb(problem_id, time_limit=time_limit, extra=extra).archive()


def make_settings(redis_url: str, data_dir: Path, **overrides: Any) -> Settings:
    return service_settings(redis_url, data_dir, **{**QUICK, **overrides})


def submit(client: httpx.Client, source: str = PY_OK, language: str = "python3",
           wait: float = 0, **fields: Any) -> httpx.Response:
    body = {"problem_id": "apb", "language": language, "source": source, **fields}
    params = {"wait": wait} if wait else None
    return client.post("/v1/submissions", json=body, params=params)


def wait_status(client: httpx.Client, submission_id: str, statuses: set[str],
                timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        state: dict[str, Any] = client.get(f"/v1/submissions/{submission_id}").json()
        if state["status"] in statuses or time.monotonic() > deadline:
            return state
        time.sleep(0.1)
