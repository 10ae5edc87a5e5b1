"""Open R1's IOI requests through /api/v2/execute: the bodies its
``ioi_scoring.py`` builds from ``open-r1/ioi`` rows (here exported from the IOI
2024 CMS packages), one request per test, scored as Open R1 scores them, give
the same subtask points as our native API on the same package; Batch (aplusb,
with its checker) and Communication (message, manager and two processes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from openr1_piston import grader_config, ioi_body, read_ioi, score_ioi
from openr1_rows import export_openr1
from service_helpers import ADMIN, SUBMIT, ApiServer
from shared_data import shared

from bench.harness import api_client
from judge.importers import import_problem
from judge.problems.store import ProblemStore, StoredProblem

pytestmark = pytest.mark.slow


Package = tuple[StoredProblem, list[dict[str, Any]], dict[str, tuple[str, str | None]]]


class Service:
    def __init__(self, api: ApiServer, tmp: Path) -> None:
        self.api = api
        self.store = ProblemStore(tmp / "local")
        self.packages: dict[str, Package] = {}

    def package(self, name: str) -> Package:
        """The stored problem, its open-r1 rows (with grader_config.json) and tests;
        also uploaded to the service for the native API (once per module)."""
        if name not in self.packages:
            self.packages[name] = self._load(name)
        return self.packages[name]

    def _load(self, name: str) -> Package:
        archive = shared("ioi2024", f"{name}-CMS.zip")
        stored = import_problem(archive, self.store, self.api.settings.archive)
        rows, tests = export_openr1(stored, year=2024)
        config = ["graders/grader_config.json", grader_config(stored)]
        for row in rows:
            row["grader_files"] = [*row["grader_files"], config]
        with self.api.client(ADMIN) as client:
            uploaded = client.post("/v1/problems", files={"file": (archive.name,
                                                                   archive.read_bytes())})
            assert uploaded.status_code in (200, 201), uploaded.text
        return stored, rows, {t["test_name"]: (t["test_input"], t["test_output"]) for t in tests}

    def native(self, problem_id: str, source: str) -> dict[str, float]:
        with api_client(self.api.url, SUBMIT, timeout=400) as client:
            state = client.post("/v1/submissions", params={"wait": 300}, json={
                "problem_id": problem_id, "language": "cpp17", "source": source}).json()
        assert state["status"] == "done", state
        return {f"{s['index']:02d}-{s['name']}": s["score"] for s in state["result"]["subtasks"]}


@pytest.fixture(scope="module")
def service(judging_api: ApiServer, tmp_path_factory: pytest.TempPathFactory) -> Service:
    return Service(judging_api, tmp_path_factory.mktemp("local"))


APLUSB_OK = '#include "aplusb.h"\nint sum(int a, int b) { return a + b; }\n'


def solution(stored: StoredProblem, path: str) -> str:
    return stored.path(path).read_text()


def openr1_points(service: Service, rows: list[dict[str, Any]],
                  tests: dict[str, tuple[str, str | None]], source: str,
                  zeros: dict[str, str] | None = None) -> dict[str, float]:
    with httpx.Client(base_url=service.api.url, timeout=300,
                      auth=("open-r1", SUBMIT)) as client:
        return score_ioi(client, rows, tests, source, zeros)


@pytest.mark.parametrize(("name", "path"), [
    ("aplusb", "solutions/model_solution/solution.cpp"),
    ("aplusb", "solutions/incorrect/solution-b-zero.cpp"),
    ("message", "solutions/model_solution/mruxim-extra32.cpp"),
    ("message", "solutions/partially_correct/badawy_m_20.cpp"),
])
def test_open_r1_scores_match_the_native_api(service: Service, name: str, path: str) -> None:
    stored, rows, tests = service.package(name)
    source = solution(stored, path)
    native = service.native(name, source)
    zeros: dict[str, str] = {}
    piston = openr1_points(service, rows, tests, source, zeros)
    assert piston == native, f"tests that scored 0 through /api/v2: {zeros}"
    assert sum(native.values()) > 0  # something passes, so equality is not all zeros


def test_compile_error_is_read_as_one(service: Service) -> None:
    _, rows, tests = service.package("aplusb")
    name = rows[0]["test_names"][0]
    with service.api.client() as client:
        answer = client.post("/api/v2/execute",
                             json=ioi_body(rows[0], *tests[name], "int oops(")).json()
    assert answer["compile"]["code"] == 1 and "error" in answer["compile"]["stderr"]
    assert read_ioi(answer)[0] == 0.0


def test_memory_limit_is_told_apart_from_a_crash(service: Service) -> None:
    _, rows, tests = service.package("aplusb")
    row = {**rows[0], "memory_limit": 64 << 20}
    greedy = ('#include "aplusb.h"\n#include <vector>\nstatic std::vector<char> v;\n'
              "int sum(int a, int b) { v.assign(512u << 20, 1); return a + b + v[12345] - 1; }\n")
    # Without grader_config.json the limit is the request's run_memory_limit.
    row["grader_files"] = [f for f in row["grader_files"]
                           if f[0] != "graders/grader_config.json"]
    name = row["test_names"][0]
    with service.api.client() as client:
        answer = client.post("/api/v2/execute", json=ioi_body(row, *tests[name], greedy)).json()
    score, feedback = read_ioi(answer)
    assert score == 0.0 and "Memory limit exceeded" in feedback


def test_a_checker_that_does_not_compile_is_a_400(service: Service) -> None:
    _, rows, tests = service.package("aplusb")
    row = {**rows[0], "grader_files": [
        [name, "int main( {" if name == "checker/checker.cpp" else content]
        for name, content in rows[0]["grader_files"]]}
    name = row["test_names"][0]
    with service.api.client() as client:
        answer = client.post("/api/v2/execute", json=ioi_body(row, *tests[name], APLUSB_OK))
    assert answer.status_code == 400
    assert "checker/checker.cpp does not compile" in answer.json()["message"]
