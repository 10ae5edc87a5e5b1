"""Running the ``ioi-judge`` command line as a user would, in subprocesses: an
environment of its own for ``ioi-judge up``, the CLI, and waiting for readiness."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.harness import free_port

CLI = [sys.executable, "-c", "from judge.cli import app; app()"]


def up_env(tmp_path: Path, redis_url: str, api_port: int) -> dict[str, str]:
    """The environment of a service on its own ports and data dir, with generated tokens."""
    env = {**os.environ, "JUDGE_REDIS_URL": redis_url, "JUDGE_API_HOST": "127.0.0.1",
           "JUDGE_API_PORT": str(api_port), "JUDGE_DATA_DIR": str(tmp_path / "var")}
    for key in ("JUDGE_SUBMIT_TOKENS", "JUDGE_ADMIN_TOKENS", "JUDGE_WORKERS"):
        env.pop(key, None)
    return env


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, text=True, capture_output=True, timeout=300,
                          check=False)


def start_up(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """``ioi-judge up -p 1`` in the background, its stderr in ``log``."""
    with log.open("wb") as out:
        return subprocess.Popen([*CLI, "up", "-p", "1"], env=env, stdout=subprocess.DEVNULL,
                                stderr=out)


def wait_ready(up: subprocess.Popen[bytes], url: str, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        assert up.poll() is None, log.read_text()
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "the service did not become ready"
        time.sleep(0.3)


def stop(up: subprocess.Popen[bytes]) -> None:
    if up.poll() is None:
        up.terminate()
        up.wait(timeout=60)


@dataclass
class Up:
    """A running ``ioi-judge up``: its environment, API URL, process and log."""

    env: dict[str, str]
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def tokens(self) -> dict[str, str]:
        """The tokens up generated (``<data dir>/api-tokens.json``)."""
        data_dir = Path(self.env["JUDGE_DATA_DIR"])
        return dict(json.loads((data_dir / "api-tokens.json").read_text()))


@contextmanager
def service_up(tmp_path: Path, redis_url: str | None = None,
               extra_env: dict[str, str] | None = None) -> Iterator[Up]:
    """``ioi-judge up`` ready to serve, on its own ports (and its own Redis unless
    ``redis_url`` names one), with ``extra_env``; stopped afterwards if it still runs."""
    api_port = free_port()
    env = up_env(tmp_path, redis_url or f"redis://127.0.0.1:{free_port()}/0", api_port)
    env.update(extra_env or {})
    url, log = f"http://127.0.0.1:{api_port}", tmp_path / "up.log"
    process = start_up(env, log)
    try:
        wait_ready(process, url, log)
        yield Up(env, url, process, log)
    finally:
        stop(process)
