"""Nothing is lost: a worker SIGKILLed in the middle of a job, Redis killed and
restarted (append-only file), the API restarted."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from service_helpers import (
    PY_OK,
    PY_SLOW,
    ApiServer,
    Workers,
    make_settings,
    problem_zip,
    submit,
    wait_status,
)

from bench.harness import RedisServer
from judge.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture
def settings(redis_url: str, tmp_path: Path) -> Settings:
    return make_settings(redis_url, tmp_path / "data")


def _upload(api: ApiServer, **kwargs: float) -> None:
    with api.client("test-admin-token") as admin:
        response = admin.post("/v1/problems", files={"file": ("apb.zip", problem_zip(**kwargs))})
        assert response.status_code == 201, response.text


def test_sigkilled_worker_job_is_finished_by_another(settings: Settings) -> None:
    api, pool = ApiServer(settings), Workers(settings)
    api.start()
    try:
        _upload(api, time_limit=10.0)
        first = pool.start(1)[0]
        with api.client() as client:
            slow = submit(client, PY_SLOW.format(seconds=4), subtask="small").json()["id"]
            state = wait_status(client, slow, {"running", "done"})
            assert state["status"] == "running" and state["runs"] == 1
            pool.kill(first)
            pool.start(1)
            done = client.get(f"/v1/submissions/{slow}", params={"wait": 90}).json()
        assert done["status"] == "done", done
        assert done["result"]["score"] == 40
        assert done["runs"] == 2  # judged again, from the start, by the second worker
    finally:
        pool.stop_all()
        api.stop()


def test_redis_and_api_restart_lose_nothing(settings: Settings,
                                           redis_server: RedisServer) -> None:
    api, pool = ApiServer(settings), Workers(settings)
    api.start()
    try:
        _upload(api)
        pool.start(1)
        with api.client() as client:
            finished = submit(client, PY_OK, wait=60).json()
            assert finished["status"] == "done"
            pool.stop_all()
            queued = [submit(client, PY_OK, priority=p).json()["id"]
                      for p in ("interactive", "batch", "batch")]
        api.stop()
        redis_server.kill()  # SIGKILL: only the append-only file survives
        redis_server.start()
        api = ApiServer(settings)
        api.start()
        with api.client() as client:
            again = client.get(f"/v1/submissions/{finished['id']}").json()
            assert again["status"] == "done" and again["result"] == finished["result"]
            states = client.get("/v1/submissions", params={"ids": ",".join(queued)}).json()
            assert [s["status"] for s in states] == ["queued"] * 3
            assert client.get("/v1/problems/apb").status_code == 200
            pool = Workers(settings)
            pool.start(1)
            done = client.get("/v1/submissions",
                              params={"ids": ",".join(queued), "wait": 90}).json()
        assert [s["status"] for s in done] == ["done"] * 3
        assert all(s["result"]["score"] == 100 and s["runs"] == 1 for s in done)
    finally:
        pool.stop_all()
        api.stop()


def test_wait_survives_a_redis_restart(settings: Settings, redis_server: RedisServer) -> None:
    api, pool = ApiServer(settings), Workers(settings)
    api.start()
    try:
        _upload(api)
        with api.client() as client:
            submission = submit(client, PY_OK).json()["id"]
            redis_server.kill()
            redis_server.start()
            pool.start(1)
            started = time.monotonic()
            state = client.get(f"/v1/submissions/{submission}", params={"wait": 60}).json()
        assert state.get("status") == "done", state
        assert time.monotonic() - started < 30
    finally:
        pool.stop_all()
        api.stop()
