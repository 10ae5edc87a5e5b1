"""``ioi-judge up``: starts Redis (none reachable), the API and a worker with
generated tokens, and stops them all on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from service_helpers import free_port

pytestmark = pytest.mark.slow


def test_up_starts_and_stops_everything(tmp_path: Path) -> None:
    redis_port, api_port = free_port(), free_port()
    env = {**os.environ, "JUDGE_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
           "JUDGE_API_HOST": "127.0.0.1", "JUDGE_API_PORT": str(api_port),
           "JUDGE_DATA_DIR": str(tmp_path / "var")}
    for key in ("JUDGE_SUBMIT_TOKENS", "JUDGE_ADMIN_TOKENS", "JUDGE_WORKERS"):
        env.pop(key, None)
    script = "from judge.cli import app; app()"
    up = subprocess.Popen([sys.executable, "-c", script, "up", "-p", "1"], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{api_port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert up.poll() is None, up.stderr.read() if up.stderr else ""
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the service did not become ready"
            time.sleep(0.3)
        tokens = json.loads((tmp_path / "var" / "api-tokens.json").read_text())
        headers = {"Authorization": f"Bearer {tokens['submit']}"}
        assert httpx.get(f"{url}/v1/problems", headers=headers).json() == []
        assert httpx.get(f"{url}/v1/problems").status_code == 401
        assert (tmp_path / "var" / "redis").is_dir()
    finally:
        up.send_signal(signal.SIGTERM)
        assert up.wait(timeout=60) == 0
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{url}/healthz", timeout=2)
