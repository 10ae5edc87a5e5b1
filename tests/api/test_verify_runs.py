"""Verify as a service operation: ``POST/GET /v1/problems/{id}/verify`` with a
real Redis and real workers; the run survives a killed worker and an API restart."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import redis
from output_problems import PY_DIFF, PY_SUM, batch_and_output, output_only
from service_helpers import ADMIN, PY_OK, PY_SLOW, SUBMIT, ApiServer, Uploader, Workers, problem_zip
from shared_data import shared

from judge.problems.model import ReferenceSolution
from judge.problems.store import ProblemStore, StoredProblem
from judge.service.problem_cache import SharedProblems
from judge.settings import Settings

PY_INT32 = "a, b = map(int, input().split())\nprint((a + b) % 2**31)\n"


def _with_solutions(solutions: dict[str, str], time_limit: float = 2.0) -> bytes:
    """The a+b plain problem with reference solutions (``solutions/<category>/<file>``)."""
    buf = io.BytesIO(problem_zip(time_limit=time_limit))
    with zipfile.ZipFile(buf, "a") as zf:
        for path, source in solutions.items():
            zf.writestr(f"solutions/{path}", source)
    return buf.getvalue()


def _wait_run(client: httpx.Client, problem: str, statuses: set[str], timeout: float = 180,
              ) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        run: dict[str, Any] = client.get(f"/v1/problems/{problem}/verify").json()
        if run["status"] in statuses or time.monotonic() > deadline:
            return run
        time.sleep(0.2)


def test_verify_needs_an_admin_token_and_a_known_problem(api: ApiServer, upload: Uploader
                                                         ) -> None:
    assert upload(problem_zip()).status_code == 201
    with api.client(None) as anonymous:
        assert anonymous.post("/v1/problems/apb/verify").status_code == 401
    with api.client("not-a-token") as wrong:
        assert wrong.get("/v1/problems/apb/verify").status_code == 401
    with api.client(SUBMIT) as submitter:
        forbidden = submitter.post("/v1/problems/apb/verify")
        assert forbidden.status_code == 403 and "admin" in forbidden.json()["message"]
    with api.client(ADMIN) as admin:
        unknown = admin.post("/v1/problems/nope/verify")
        assert unknown.status_code == 404 and "nope" in unknown.json()["message"]
        assert admin.get("/v1/problems/nope/verify").status_code == 404
        never = admin.get("/v1/problems/apb/verify")
        assert never.status_code == 404 and "never verified" in never.json()["message"]
        # The plain a+b problem has no reference solutions: nothing to verify.
        empty = admin.post("/v1/problems/apb/verify")
        assert empty.status_code == 422 and "no reference solutions" in empty.json()["message"]
        bad = admin.post("/v1/problems/apb/verify", json={"early_stop": "maybe"})
        assert bad.status_code == 422 and "early_stop" in bad.json()["message"]
        assert admin.get("/v1/problems/apb").json()["last_verify"] is None


@pytest.mark.slow
def test_verify_aplusb_reaches_done_without_mismatches(api: ApiServer, upload: Uploader,
                                                       workers: Workers) -> None:
    data = shared("ioi2024", "aplusb-CMS.zip").read_bytes()
    version = upload(data, "aplusb-CMS.zip").json()["version"]
    with api.client(ADMIN) as admin:
        started = admin.post("/v1/problems/aplusb/verify")
        assert started.status_code == 202, started.text
        run = started.json()
        assert run["version"] == version and run["status"] == "queued"
        assert run["total"] == 4 and run["done"] == 0
        again = admin.post("/v1/problems/aplusb/verify")  # no worker yet: still queued
        assert again.status_code == 200 and again.json()["started_at"] == run["started_at"]
        ids = {s["submission_id"] for s in run["solutions"]}
        states = admin.get("/v1/submissions", params={"ids": ",".join(ids)}).json()
        assert {s["priority"] for s in states} == {"batch"}
        workers.start(1)
        run = _wait_run(admin, "aplusb", {"done", "failed"})
        listed = admin.get("/v1/problems").json()
    assert run["status"] == "done", run
    assert run["done"] == 4 and run["mismatch_count"] == 0 and run["finished_at"]
    by_category = {s["category"]: s for s in run["solutions"]}
    model = by_category["model_solution"]
    assert model["ok"] and model["score"] == model["max_score"] == 100
    assert set(model["expected"].values()) == {"model_solution"}
    assert [g["verdict"] for g in model["got"]] == ["AC"] * len(model["got"])
    wrong = by_category["incorrect"]
    assert wrong["ok"] and wrong["score"] < 100
    failed = [g for g in wrong["got"] if g["verdict"] != "AC"]
    assert failed and all(g["test"] for g in failed)  # the test that decided it
    [info] = [p for p in listed if p["id"] == "aplusb"]
    assert info["last_verify"]["status"] == "done" and info["last_verify"]["version"] == version
    assert info["last_verify"]["mismatch_count"] == 0


@pytest.mark.slow
def test_verify_survives_a_killed_worker_and_an_api_restart(api: ApiServer, upload: Uploader,
                                                            workers: Workers) -> None:
    solutions = {"model_solution/slow.py": PY_SLOW.format(seconds=3),
                 "correct/plain.py": PY_OK, "incorrect/int32.py": PY_INT32}
    assert upload(_with_solutions(solutions, time_limit=10.0)).status_code == 201
    with api.client(ADMIN) as admin:
        run = admin.post("/v1/problems/apb/verify").json()
    api.stop()
    api.start()  # a fresh app: nothing of the run was held in memory
    first = workers.start(1)[0]
    with api.client(ADMIN) as admin:
        assert admin.get("/v1/problems/apb/verify").json()["started_at"] == run["started_at"]
        [slow] = [s["submission_id"] for s in run["solutions"] if s["name"].endswith("slow.py")]
        deadline = time.monotonic() + 60
        while admin.get(f"/v1/submissions/{slow}").json()["status"] != "running":
            assert time.monotonic() < deadline, "the slow solution never started"
            time.sleep(0.1)
        workers.kill(first)
        workers.start(1)
        done = _wait_run(admin, "apb", {"done", "failed"})
        assert admin.get(f"/v1/submissions/{slow}").json()["runs"] == 2
    assert done["status"] == "done", done
    assert done["mismatch_count"] == 0 and done["verdict_note_count"] == 0
    rows = {s["name"].rsplit("/", 1)[-1]: s for s in done["solutions"]}
    assert rows["slow.py"]["score"] == 100 and rows["int32.py"]["score"] == 40
    big = next(g for g in rows["int32.py"]["got"] if g["subtask"] == "big")
    assert big["verdict"] == "WA" and big["test"] == "t2"


def test_concurrent_starts_make_one_run(api: ApiServer, upload: Uploader) -> None:
    solutions = {"model_solution/ok.py": PY_OK, "incorrect/int32.py": PY_INT32,
                 "correct/huge.py": PY_OK + "#" * 300_000}
    assert upload(_with_solutions(solutions)).status_code == 201

    def start(_: int) -> httpx.Response:
        with api.client(ADMIN) as admin:
            return admin.post("/v1/problems/apb/verify")

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(start, range(4)))
    assert sorted(a.status_code for a in answers) == [200, 200, 200, 202]
    assert len({a.json()["started_at"] for a in answers}) == 1
    run = answers[0].json()
    assert run["total"] == 2 and run["status"] == "queued"
    [skipped] = [s for s in run["solutions"] if s["status"] == "skipped"]
    assert skipped["name"].endswith("huge.py") and skipped["submission_id"] is None
    assert "limit" in skipped["reason"]
    with api.client(ADMIN) as admin:
        queues = {q["priority"]: q["queued"] for q in admin.get("/v1/admin/service").json()[
            "queues"]}
    assert queues == {"interactive": 0, "batch": 2}  # one run's submissions, no more


def _with_references(settings: Settings, build: Callable[[ProblemStore], StoredProblem],
                     solutions: dict[str, str]) -> None:
    """``build``'s problem with reference programs, published as an upload is."""
    base = build(ProblemStore(settings.data_dir / "base"))
    store = ProblemStore(settings.data_dir / "built")
    references = []
    with store.staging() as staged:
        shutil.copytree(base.root, staged, dirs_exist_ok=True)
        for path, source in solutions.items():
            (staged / path).parent.mkdir(parents=True, exist_ok=True)
            (staged / path).write_text(source)
            references.append(ReferenceSolution(path=path, category=path.split("/")[1],
                                                language="python3"))
        stored = store.add(staged, base.problem.model_copy(update={"solutions": references}))
    with redis.Redis.from_url(settings.redis_url) as connection:
        SharedProblems(connection, store).publish(stored)


@pytest.mark.slow
def test_output_only_tests_are_answered_by_the_reference_programs(
        api: ApiServer, workers: Workers, settings: Settings) -> None:
    programs = {"solutions/model_solution/sum.py": PY_SUM,
                "solutions/incorrect/diff.py": PY_DIFF}
    _with_references(settings, output_only, programs)
    _with_references(settings, batch_and_output, programs)
    workers.start(1)
    with api.client(ADMIN) as admin:
        for problem in ("oonly", "bao"):
            assert admin.post(f"/v1/problems/{problem}/verify").status_code == 202
        runs = {p: _wait_run(admin, p, {"done", "failed"}) for p in ("oonly", "bao")}
    for problem, run in runs.items():
        assert run["status"] == "done" and run["mismatch_count"] == 0, (problem, run)
        rows = {s["category"]: s for s in run["solutions"]}
        assert rows["model_solution"]["score"] == 100, problem
        assert rows["incorrect"]["score"] < 100 and rows["incorrect"]["ok"], problem


@pytest.mark.slow
def test_a_reupload_with_fixed_solutions_verifies_the_new_sources(
        api: ApiServer, upload: Uploader, workers: Workers) -> None:
    # The same judging content (same version), a wrong "incorrect" solution fixed.
    first = upload(_with_solutions({"incorrect/wrong.py": PY_OK}))
    workers.start(1)
    with api.client(ADMIN) as admin:
        admin.post("/v1/problems/apb/verify")
        broken = _wait_run(admin, "apb", {"done", "failed"})
        again = upload(_with_solutions({"incorrect/wrong.py": PY_INT32,
                                        "model_solution/ok.py": PY_OK}))
        assert again.json()["version"] == first.json()["version"]
        assert admin.post("/v1/problems/apb/verify").status_code == 202
        fixed = _wait_run(admin, "apb", {"done", "failed"})
    assert broken["mismatch_count"] == 1 and broken["solutions"][0]["score"] == 100
    assert fixed["status"] == "done" and fixed["mismatch_count"] == 0
    assert {s["name"]: s["score"] for s in fixed["solutions"]} == {
        "solutions/model_solution/ok.py": 100, "solutions/incorrect/wrong.py": 40}
