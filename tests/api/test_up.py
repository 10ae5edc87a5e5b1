"""``ioi-judge up`` / ``status`` / ``down``: up starts Redis (none reachable), the
API and a worker with generated tokens; status shows them; a second up is
refused; down stops them all (workers first) and status then says so. Against a
Redis it did not start, up says loudly that it shares it, and whose keys are there."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import redis
from up_helpers import cli, service_up

pytestmark = pytest.mark.slow
def test_up_status_down(tmp_path: Path) -> None:
    with service_up(tmp_path) as up:
        headers = {"Authorization": f"Bearer {up.tokens()['submit']}"}
        assert httpx.get(f"{up.url}/v1/problems", headers=headers).json() == []
        assert httpx.get(f"{up.url}/v1/problems").status_code == 401
        assert (tmp_path / "var" / "redis").is_dir()

        shown = cli(up.env, "status")
        assert shown.returncode == 0, shown.stderr
        assert f"pid {up.process.pid}" in shown.stdout and "started by up" in shown.stdout
        assert "judge.service.worker" in shown.stdout and "ready: yes" in shown.stdout
        again = cli(up.env, "up", "-p", "1")
        assert again.returncode != 0 and "already running" in again.stderr

        stopped = cli(up.env, "down")
        assert stopped.returncode == 0 and "stopped" in stopped.stderr, stopped.stderr
        assert up.process.wait(timeout=10) == 0
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{up.url}/healthz", timeout=2)
    assert cli(up.env, "status").returncode == 3
    assert not (tmp_path / "var" / "up.json").exists()
    assert "nothing to stop" in cli(up.env, "down").stderr


def test_up_says_it_shares_a_foreign_redis(tmp_path: Path, redis_url: str) -> None:
    redis.Redis.from_url(redis_url).set("someone-else:key", "1")
    with service_up(tmp_path, redis_url) as up:
        assert cli(up.env, "down").returncode == 0
        assert up.process.wait(timeout=10) == 0
    said = up.log.read_text()
    assert "using the Redis already running" in said
    assert "WARNING" in said and "someone-else:key" in said
    assert redis.Redis.from_url(redis_url).ping()  # down left a Redis it did not start
