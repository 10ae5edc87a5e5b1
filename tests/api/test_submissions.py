"""Submissions end to end through real workers: results, wait mode, batch,
priorities, cancellation, status transitions, errors, health and metrics."""

from __future__ import annotations

import time

import pytest
import redis
from service_helpers import (
    CPP_INT,
    CPP_OK,
    PY_OK,
    PY_SLOW,
    ApiServer,
    Uploader,
    Workers,
    submit,
)

from judge.service.problem_cache import tar_key
from judge.settings import Settings

pytestmark = pytest.mark.slow


def test_submit_wait_and_result(api: ApiServer, upload: Uploader, workers: Workers) -> None:
    version = upload().json()["version"]
    workers.start(1)
    with api.client() as client:
        done = submit(client, CPP_OK, "cpp17", wait=60, metadata={"step": 7})
        assert done.status_code == 200, done.text
        state = done.json()
        assert state["status"] == "done" and state["runs"] == 1
        assert state["problem_version"] == version and state["metadata"] == {"step": 7}
        result = state["result"]
        assert result["score"] == 100 and result["problem_version"] == version
        assert [t["status"] for t in result["tests"]] == ["AC", "AC"]
        partial = submit(client, CPP_INT, "cpp17", wait=60).json()
        assert partial["result"]["score"] == 40
        queued = submit(client, PY_OK, subtask="small")
        assert queued.status_code == 202 and queued.json()["status"] == "queued"
        got = client.get(f"/v1/submissions/{queued.json()['id']}", params={"wait": 60}).json()
        assert got["status"] == "done" and got["result"]["max_score"] == 40
        assert client.get(f"/v1/submissions/{state['id']}").json()["result"] == result


def test_subtask_by_name_index_or_dataset_name(api: ApiServer, upload: Uploader,
                                               workers: Workers) -> None:
    # The store says "big" at index 1; datasets say "01-big", as rescoring reads them.
    upload()
    workers.start(1)
    with api.client() as client:
        for target in ("big", "1", "01-big"):
            done = submit(client, CPP_OK, "cpp17", wait=60, subtask=target)
            assert done.status_code == 200, done.text
            result = done.json()["result"]
            assert [s["name"] for s in result["subtasks"]] == ["big"]
            assert result["subtasks"][0]["fraction"] == 1.0 and result["score"] == 60
        unknown = submit(client, CPP_OK, "cpp17", subtask="02-huge")
        assert unknown.status_code == 422 and "02-huge" in unknown.json()["message"]


def test_wait_returns_when_time_is_up(api: ApiServer, upload: Uploader) -> None:
    upload()
    with api.client() as client:
        started = time.monotonic()
        response = submit(client, wait=1.0)
        assert 0.9 <= time.monotonic() - started < 5
        assert response.status_code == 202 and response.json()["status"] == "queued"


def test_batch_and_get_many(api: ApiServer, upload: Uploader, workers: Workers) -> None:
    upload()
    workers.start(2)
    item = {"problem_id": "apb", "language": "python3", "source": PY_OK, "priority": "batch"}
    with api.client() as client:
        ids = client.post("/v1/submissions/batch", json={"submissions": [item] * 6}).json()["ids"]
        states = client.get("/v1/submissions", params={"ids": ",".join(ids), "wait": 120}).json()
    assert [s["id"] for s in states] == ids
    assert all(s["status"] == "done" and s["result"]["score"] == 100 for s in states)


def test_interactive_jumps_ahead_of_batch(api: ApiServer, upload: Uploader,
                                          workers: Workers) -> None:
    upload()
    item = {"problem_id": "apb", "language": "python3", "source": PY_OK, "priority": "batch"}
    with api.client() as client:
        batch = client.post("/v1/submissions/batch", json={"submissions": [item] * 4}).json()
        urgent = submit(client, priority="interactive").json()["id"]
        workers.start(1)
        ids = [*batch["ids"], urgent]
        states = client.get("/v1/submissions", params={"ids": ",".join(ids), "wait": 120}).json()
    started = {s["id"]: s["started_at"] for s in states}
    assert all(s["status"] == "done" for s in states)
    assert started[urgent] < min(started[i] for i in batch["ids"])


def test_cancel_a_queued_submission(api: ApiServer, upload: Uploader, workers: Workers) -> None:
    upload()
    with api.client() as client:
        doomed = submit(client).json()["id"]
        kept = submit(client).json()["id"]
        canceled = client.delete(f"/v1/submissions/{doomed}")
        assert canceled.status_code == 200
        assert canceled.json()["status"] == "error" and "cancel" in canceled.json()["error"]
        assert client.delete(f"/v1/submissions/{doomed}").status_code == 409
        workers.start(1)
        assert client.get(f"/v1/submissions/{kept}", params={"wait": 60}).json()["status"] == "done"
        after = client.get(f"/v1/submissions/{doomed}").json()
        assert after["status"] == "error" and after["runs"] == 0
        assert client.delete(f"/v1/submissions/{kept}").status_code == 409


def test_status_moves_through_compiling_running_done(api: ApiServer, upload: Uploader,
                                                     workers: Workers) -> None:
    upload()
    workers.start(1)
    with api.client() as client:
        submission = submit(client, PY_SLOW.format(seconds=1.5)).json()["id"]
        seen = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status = client.get(f"/v1/submissions/{submission}").json()["status"]
            if not seen or seen[-1] != status:
                seen.append(status)
            if status == "done":
                break
            time.sleep(0.05)
    assert seen[-1] == "done"
    assert "running" in seen
    assert seen.index("running") > seen.index("compiling") if "compiling" in seen else True


def test_a_judge_failure_ends_as_error_with_a_message(api: ApiServer, upload: Uploader,
                                                      workers: Workers,
                                                      settings: Settings) -> None:
    version = upload().json()["version"]
    with api.client() as client:
        submission = submit(client).json()["id"]
        # The problem archive vanishes from the shared store before any worker has it.
        redis.Redis.from_url(settings.redis_url).delete(tar_key("apb", version))
        workers.start(1)
        state = client.get(f"/v1/submissions/{submission}", params={"wait": 60}).json()
    assert state["status"] == "error"
    assert "not available" in state["error"]


def test_health_ready_and_metrics(api: ApiServer, upload: Uploader, workers: Workers) -> None:
    upload()
    with api.client(None) as client:
        assert client.get("/healthz").json()["ok"] is True
        assert client.get("/readyz").status_code == 503
    with api.client() as client:
        submit(client, priority="batch")
        workers.start(1)
        deadline = time.monotonic() + 30
        while api.client(None).get("/readyz").status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        done = submit(client, wait=60).json()
        assert done["status"] == "done"
        text = client.get("/metrics").text
    assert 'judge_queue_depth{priority="interactive"}' in text
    assert "judge_jobs_done_total" in text and "judge_workers_live 1.0" in text
    assert "judge_submission_latency_seconds_bucket" in text
    assert "judge_tests_run_total" in text
    done_line = next(x for x in text.splitlines() if x.startswith("judge_jobs_done_total"))
    assert float(done_line.split()[1]) >= 1
