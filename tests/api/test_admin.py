"""The admin read APIs: submissions listed newest first with filters and cursor
paging, one submission with its source and per-test results, and the service
status (queues, workers, isolation, throughput) moving with real submissions."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from service_helpers import (
    ADMIN,
    CPP_OK,
    PY_OK,
    PY_SLOW,
    SUBMIT,
    ApiServer,
    Uploader,
    Workers,
    problem_zip,
    submit,
    wait_status,
)

ROUTES = ("/v1/admin/submissions", "/v1/admin/submissions/x", "/v1/admin/service")


def _pages(client: httpx.Client, **params: Any) -> list[list[dict[str, Any]]]:
    pages, before = [], None
    while True:
        page = client.get("/v1/admin/submissions",
                          params={**params, **({"before": before} if before else {})})
        assert page.status_code == 200, page.text
        pages.append(page.json()["submissions"])
        before = page.json()["next_before"]
        if before is None:
            return pages


def test_admin_routes_need_an_admin_token(api: ApiServer) -> None:
    for route in ROUTES:
        with api.client(None) as anonymous:
            assert anonymous.get(route).status_code == 401
        with api.client("wrong") as wrong:
            assert wrong.get(route).status_code == 401
        with api.client(SUBMIT) as submitter:
            answer = submitter.get(route)
            assert answer.status_code == 403 and "admin" in answer.json()["message"]


def test_listing_filters_and_pages_newest_first(api: ApiServer, upload: Uploader) -> None:
    assert upload().status_code == 201
    assert upload(problem_zip("other"), "other.zip").status_code == 201
    with api.client(ADMIN) as admin:
        singles = [submit(admin, PY_OK).json()["id"] for _ in range(3)]
        singles.append(submit(admin, CPP_OK, "cpp17").json()["id"])
        # One batch: four submissions with the same submit time.
        batch = admin.post("/v1/submissions/batch", json={"submissions": [
            {"problem_id": "other", "language": "python3", "source": PY_OK}] * 4}).json()["ids"]
        assert admin.delete(f"/v1/submissions/{singles[0]}").status_code == 200
        everything = [row["id"] for page in _pages(admin, limit=3) for row in page]
        assert len(everything) == len(set(everything)) == 8
        assert everything[4:] == singles[::-1]  # newest first; the batch is newest
        assert set(everything[:4]) == set(batch)
        assert [len(p) for p in _pages(admin, limit=3)] == [3, 3, 2]
        assert [r["id"] for [r] in _pages(admin, language="cpp17")] == [singles[3]]
        [errors] = _pages(admin, status="error")
        assert [r["id"] for r in errors] == [singles[0]] and errors[0]["error"]
        [other] = _pages(admin, problem="other", limit=10)
        assert {r["id"] for r in other} == set(batch)
        assert {r["problem_id"] for r in other} == {"other"}
        assert _pages(admin, problem="none") == [[]]
        unknown = admin.get("/v1/admin/submissions", params={"before": "nope"})
        assert unknown.status_code == 422 and "before" in unknown.json()["message"]
        bad = admin.get("/v1/admin/submissions", params={"status": "sleeping"})
        assert bad.status_code == 422 and "status" in bad.json()["message"]
        assert admin.get("/v1/admin/submissions", params={"limit": 0}).status_code == 422
        assert admin.get("/v1/admin/submissions/nope").status_code == 404


def _service(client: httpx.Client) -> dict[str, Any]:
    answer = client.get("/v1/admin/service")
    assert answer.status_code == 200, answer.text
    state: dict[str, Any] = answer.json()
    return state


def _judged(state: dict[str, Any]) -> int:
    return sum(point["judged"] for point in state["throughput"])


@pytest.mark.slow
def test_service_status_and_submission_details_move_with_submissions(
        api: ApiServer, upload: Uploader, workers: Workers) -> None:
    assert upload(problem_zip(time_limit=10.0)).status_code == 201
    with api.client(ADMIN) as admin:
        ids = [submit(admin, CPP_OK, "cpp17").json()["id"], submit(admin, PY_OK).json()["id"]]
        before = _service(admin)
        assert {q["priority"]: q["queued"] for q in before["queues"]} == {
            "interactive": 2, "batch": 0}
        assert before["workers_alive"] == 0 and _judged(before) == 0
        assert len(before["throughput"]) == 60
        workers.start(1)
        for submission_id in ids:
            assert wait_status(admin, submission_id, {"done"})["status"] == "done"
        slow = submit(admin, PY_SLOW.format(seconds=3), subtask="small").json()["id"]
        assert wait_status(admin, slow, {"running", "done"})["status"] == "running"
        busy = _service(admin)
        detail = admin.get(f"/v1/admin/submissions/{ids[0]}").json()
        listed = admin.get("/v1/admin/submissions").json()["submissions"]
    assert busy["workers_alive"] == 1 and busy["workers_busy"] == 1
    [worker] = busy["workers"]
    assert worker["busy"] and worker["current_submission"] == slow
    assert worker["isolation"] in ("cgroup-v1", "cgroup-v2", "degraded")
    assert busy["isolation"] == [worker["isolation"]] and worker["isolation_detail"]
    assert _judged(busy) == 2
    assert {q["priority"]: q["queued"] for q in busy["queues"]}["interactive"] == 0
    assert detail["source"] == CPP_OK and detail["status"] == "done"
    assert detail["worker"] == worker["name"] and detail["workers"] == [worker["name"]]
    assert [s["name"] for s in detail["result"]["subtasks"]] == ["small", "big"]
    assert [(t["name"], t["status"]) for t in detail["result"]["tests"]] == [
        ("t1", "AC"), ("t2", "AC")]
    assert all(t["cpu_time"] > 0 and t["memory"] > 0 for t in detail["result"]["tests"])
    scores = {r["id"]: (r["status"], r["score"], r["max_score"]) for r in listed}
    assert scores[ids[0]] == scores[ids[1]] == ("done", 100, 100)
    assert scores[slow][:2] == ("running", None)
