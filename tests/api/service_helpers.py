"""Helpers for the service tests: the API on a real uvicorn (in a thread), real
worker subprocesses, and a tiny plain-format a+b problem written by the test."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from judge.api import create_app
from judge.importers.plain import plain_archive
from judge.settings import Settings

SUBMIT = "test-submit-token"
ADMIN = "test-admin-token"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "ioi2024"
WORKER = "import judge.service.worker; judge.service.worker.main()"

PROBLEM_TOML = """
id = "{id}"
name = "A plus B"
time_limit = {time_limit}
memory_limit_mb = 256

[[subtasks]]
name = "small"
score = 40
tests = ["t1"]

[[subtasks]]
name = "big"
score = 60
tests = ["t1", "t2"]
"""
TESTS = {"t1": ("1 2\n", "3\n"), "t2": ("2000000000 2000000000\n", "4000000000\n")}
PY_OK = "a, b = map(int, input().split())\nprint(a + b)\n"
PY_SLOW = "import time\ntime.sleep({seconds})\n" + PY_OK
CPP_OK = """#include <cstdio>
int main() { long long a, b; std::scanf("%lld %lld", &a, &b); std::printf("%lld\\n", a + b); }
"""
CPP_INT = """#include <cstdio>
int main() { int a, b; std::scanf("%d %d", &a, &b); std::printf("%d\\n", a + b); }
"""


def problem_zip(problem_id: str = "apb", time_limit: float = 2.0, extra: str = "") -> bytes:
    tests = {name: (given, expected + extra) for name, (given, expected) in TESTS.items()}
    return plain_archive(PROBLEM_TOML.format(id=problem_id, time_limit=time_limit), tests)


def make_settings(redis_url: str, data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "redis_url": redis_url,
        "submit_tokens": [SUBMIT],
        "admin_tokens": [ADMIN],
        "heartbeat_seconds": 1.0,
        "heartbeat_grace_seconds": 2,
        "maintenance_seconds": 2,
        "job_timeout": 120,
    }
    values.update(overrides)
    return Settings(**values)


def settings_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    for name, value in settings.model_dump(exclude={"archive", "box_root"}).items():
        if value is None:
            continue
        key = f"JUDGE_{name.upper()}"
        env[key] = json.dumps(value) if isinstance(value, list) else str(value)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ApiServer:
    """uvicorn serving ``create_app(settings)`` in a thread; restartable."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        config = uvicorn.Config(create_app(self.settings), host="127.0.0.1", port=self.port,
                                log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
            self._server = None

    def client(self, token: str | None = SUBMIT) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)


@dataclass
class Workers:
    """Worker subprocesses (``judge.service.worker.main``) with the test's settings."""

    settings: Settings
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, count: int = 1) -> list[subprocess.Popen[bytes]]:
        env = settings_env(self.settings)
        started = [
            subprocess.Popen([sys.executable, "-c", WORKER], env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(count)
        ]
        self.procs += started
        return started

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL the worker and everything it started (its sandboxed runs)."""
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


Uploader = Callable[..., httpx.Response]


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
