"""The degraded sandbox mode is loud. With no writable cgroup hierarchy (here
forced with ``sandbox_cgroups=False``, ``JUDGE_SANDBOX_CGROUPS=false``) a worker
judges with rlimits; ``/readyz`` counts it as degraded, ``/metrics`` has
``judge_workers_degraded`` and ``judge_workers_isolation``, every result carries
its isolation mode, and ``ioi-judge up`` says so in its first lines."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest
from service_helpers import (
    ADMIN,
    CPP_OK,
    ApiServer,
    Uploader,
    Workers,
    make_settings,
    problem_zip,
    submit,
)
from up_helpers import cli, service_up

from judge.sandbox.sandbox import probe_isolation
from judge.settings import Settings


@pytest.fixture
def settings(redis_url: str, tmp_path: Path) -> Settings:
    """The service's settings (the api and workers fixtures use them): degraded."""
    return make_settings(redis_url, tmp_path / "data", sandbox_cgroups=False)


def _ready(client: httpx.Client) -> dict[str, object]:
    deadline = time.monotonic() + 60
    while (answer := client.get("/readyz")).status_code != 200:
        assert time.monotonic() < deadline, answer.text
        time.sleep(0.2)
    ready: dict[str, object] = answer.json()
    return ready


def _metric(text: str, name: str) -> float:
    return float(next(line for line in text.splitlines() if line.startswith(name)).split()[1])


def test_a_degraded_worker_shows_in_readyz_metrics_and_results(
    api: ApiServer, upload: Uploader, workers: Workers
) -> None:
    upload()
    workers.start(1)
    with api.client() as client:
        ready = _ready(client)
        assert ready["degraded_workers"] == 1 and ready["workers"] == 1, ready
        assert ready["isolation"] == {"cgroup-v1": 0, "cgroup-v2": 0, "rlimits": 1}
        assert "degraded: 1 of 1 workers judge without cgroups" in str(ready["message"])
        metrics = client.get("/metrics").text
        done = submit(client, CPP_OK, "cpp17", wait=120).json()
    assert _metric(metrics, "judge_workers_degraded") == 1
    assert _metric(metrics, 'judge_workers_isolation{mode="rlimits"}') == 1
    assert _metric(metrics, 'judge_workers_isolation{mode="cgroup-v1"}') == 0
    assert done["status"] == "done", done
    assert done["result"]["isolation"] == "rlimits"
    assert any("sandbox degraded" in w for w in done["result"]["warnings"])
    assert done["result"]["score"] == done["result"]["max_score"]  # it still judges


@pytest.mark.skipif(os.geteuid() != 0, reason="full isolation needs root")
def test_a_fully_isolated_worker_is_not_counted_as_degraded(
    redis_url: str, tmp_path: Path
) -> None:
    full = make_settings(redis_url, tmp_path / "full")
    mode, why = probe_isolation(full)
    assert mode in ("cgroup-v1", "cgroup-v2") and why is None  # what this host offers
    with ApiServer(full) as api, Workers(full) as workers, api.client() as client:
        with api.client(ADMIN) as admin:
            admin.post("/v1/problems", files={"file": ("apb.zip", problem_zip())})
        workers.start(1)
        ready = _ready(client)
        assert ready["degraded_workers"] == 0 and ready["message"] == ""
        assert _metric(client.get("/metrics").text, "judge_workers_degraded") == 0
        done = submit(client, CPP_OK, "cpp17", wait=120).json()
    assert done["result"]["isolation"] == mode and done["result"]["warnings"] == []


@pytest.mark.slow
def test_up_says_it_is_degraded_first(tmp_path: Path) -> None:
    with service_up(tmp_path, extra_env={"JUDGE_SANDBOX_CGROUPS": "false"}) as up:
        ready = httpx.get(f"{up.url}/readyz").json()
        assert cli(up.env, "down").returncode == 0
        assert up.process.wait(timeout=10) == 0
    first = up.log.read_text().splitlines()[:3]
    assert first[0] == "ioi-judge: sandbox isolation: rlimits", first
    assert first[1].startswith("ioi-judge: WARNING: the sandbox is degraded"), first
    assert "cgroups disabled by configuration" in first[1]
    assert ready["degraded_workers"] == 1, ready
