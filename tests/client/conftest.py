"""A real ioi-judge service for the client tests: its own redis-server on a free
port, the API (``python -m judge.api``) and one worker (``judge.service.worker.main``)
over a temporary data dir, with a tiny a+b problem uploaded."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from client_service import Service
from sum_problem import problem_zip

SUBMIT_TOKEN = "client-test-submit"
ADMIN_TOKEN = "client-test-admin"
# Imported, not run as __main__, so that RQ's job function finds the worker's state.
WORKER = "from judge.service.worker import main; main()"

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(url: str, procs: list[subprocess.Popen[bytes]], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for p in procs:
            if p.poll() is not None:
                raise RuntimeError(f"{p.args} exited with {p.returncode}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the service did not become ready")


def _upload_problem(url: str) -> None:
    """Upload the plain-format problem as an admin (``POST /v1/problems``)."""
    response = httpx.post(
        f"{url}/v1/problems", files={"file": ("sum.zip", problem_zip(), "application/zip")},
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=60,
    )
    assert response.status_code in (200, 201), response.text


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        pytest.fail("redis-server is not installed (scripts/setup installs it)")
    base = tmp_path_factory.mktemp("service")
    redis_port, api_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "JUDGE_DATA_DIR": str(base / "data"),
        "JUDGE_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "JUDGE_API_HOST": "127.0.0.1",
        "JUDGE_API_PORT": str(api_port),
        "JUDGE_SUBMIT_TOKENS": f'["{SUBMIT_TOKEN}"]',
        "JUDGE_ADMIN_TOKENS": f'["{ADMIN_TOKEN}"]',
    }
    procs = [
        subprocess.Popen([redis_server, "--port", str(redis_port), "--bind", "127.0.0.1",
                          "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL),
    ]
    try:
        procs.append(subprocess.Popen([sys.executable, "-m", "judge.api"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen([sys.executable, "-c", WORKER], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        url = f"http://127.0.0.1:{api_port}"
        _wait_ready(url, procs)
        _upload_problem(url)
        yield Service(url=url, token=SUBMIT_TOKEN)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
