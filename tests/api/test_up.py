"""``ioi-judge up`` / ``status`` / ``down``: up starts Redis (none reachable), the
API and a worker with generated tokens; status shows them; a second up is
refused; down stops them all (workers first) and status then says so. Against a
Redis it did not start, up says loudly that it shares it, and whose keys are there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import redis
from service_helpers import free_port

pytestmark = pytest.mark.slow
SCRIPT = "from judge.cli import app; app()"


def _env(tmp_path: Path, redis_url: str, api_port: int) -> dict[str, str]:
    env = {**os.environ, "JUDGE_REDIS_URL": redis_url, "JUDGE_API_HOST": "127.0.0.1",
           "JUDGE_API_PORT": str(api_port), "JUDGE_DATA_DIR": str(tmp_path / "var")}
    for key in ("JUDGE_SUBMIT_TOKENS", "JUDGE_ADMIN_TOKENS", "JUDGE_WORKERS"):
        env.pop(key, None)
    return env


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SCRIPT, *args], env=env, text=True,
                          capture_output=True, timeout=180, check=False)


def _wait_ready(up: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        assert up.poll() is None, log.read_text()
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "the service did not become ready"
        time.sleep(0.3)


def _start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-c", SCRIPT, "up", "-p", "1"], env=env,
                                stdout=subprocess.DEVNULL, stderr=out)


def test_up_status_down(tmp_path: Path) -> None:
    api_port = free_port()
    env = _env(tmp_path, f"redis://127.0.0.1:{free_port()}/0", api_port)
    url = f"http://127.0.0.1:{api_port}"
    log = tmp_path / "up.log"
    up = _start(env, log)
    try:
        _wait_ready(up, url, log)
        tokens = json.loads((tmp_path / "var" / "api-tokens.json").read_text())
        headers = {"Authorization": f"Bearer {tokens['submit']}"}
        assert httpx.get(f"{url}/v1/problems", headers=headers).json() == []
        assert httpx.get(f"{url}/v1/problems").status_code == 401
        assert (tmp_path / "var" / "redis").is_dir()

        shown = _cli(env, "status")
        assert shown.returncode == 0, shown.stderr
        assert f"pid {up.pid}" in shown.stdout and "started by up" in shown.stdout
        assert "judge.service.worker" in shown.stdout and "ready: yes" in shown.stdout
        again = _cli(env, "up", "-p", "1")
        assert again.returncode != 0 and "already running" in again.stderr

        stopped = _cli(env, "down")
        assert stopped.returncode == 0 and "stopped" in stopped.stderr, stopped.stderr
        assert up.wait(timeout=10) == 0
    finally:
        if up.poll() is None:
            up.terminate()
            up.wait(timeout=60)
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{url}/healthz", timeout=2)
    assert _cli(env, "status").returncode == 3
    assert not (tmp_path / "var" / "up.json").exists()
    assert "nothing to stop" in _cli(env, "down").stderr


def test_up_says_it_shares_a_foreign_redis(tmp_path: Path, redis_url: str) -> None:
    redis.Redis.from_url(redis_url).set("someone-else:key", "1")
    api_port = free_port()
    env = _env(tmp_path, redis_url, api_port)
    log = tmp_path / "up.log"
    up = _start(env, log)
    try:
        _wait_ready(up, f"http://127.0.0.1:{api_port}", log)
        assert _cli(env, "down").returncode == 0
        assert up.wait(timeout=10) == 0
    finally:
        if up.poll() is None:
            up.terminate()
            up.wait(timeout=60)
    said = log.read_text()
    assert "using the Redis already running" in said
    assert "WARNING" in said and "someone-else:key" in said
    assert redis.Redis.from_url(redis_url).ping()  # down left a Redis it did not start
