"""``ioi-judge bench openr1``: the per-test cost of an Open R1 IOI request on
/api/v2/execute against a piston-style reproduction.

Open R1 (``src/open_r1/utils/competitive_programming/ioi_scoring.py``
``run_submission``) sends one Piston request per test, carrying the submission,
the graders, the checker and the test. Its ``cms_ioi`` Piston package then, for
*every* request, compiles the checker and the submission with its grader (the
package's ``compile`` script: ``g++ -std=gnu++17 -O2`` for ``checker/checker.cpp``,
``g++ -DEVAL -std=gnu++17 -O2 -pipe -s`` for ``graders/<task>.cpp`` with
``graders/grader.cpp``), runs the program on ``input.txt`` under ``timeout`` and
runs the checker on its output. :func:`piston_style_seconds_per_test`
reproduces those steps on the host, one fresh directory per test, with no
sandbox (Piston's own isolation is not counted: the figure is a lower bound of
its cost). :func:`execute_seconds_per_test` sends the same bodies to
``/api/v2/execute``, where the compile cache compiles once; its first request
(the one compile) is reported apart.

The helpers (:func:`ioi_body`, :func:`aplusb_rows`) are also what ``bench rl``
builds its Piston requests with."""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel, Field

from bench.harness import SUBMIT_TOKEN, ServiceProcesses
from judge.importers import import_problem
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import Settings

CHECKER_CXX = ["g++", "-x", "c++", "-std=gnu++17", "-O2"]
SUBMISSION_CXX = ["g++", "-DEVAL", "-std=gnu++17", "-O2", "-pipe", "-s"]


class OpenR1Bench(BaseModel):
    problem: str
    tests: int = Field(description="Tests sent (the first ones of the problem).")
    piston_style_seconds_per_test: float = Field(
        description="Compile checker + submission, run, check: per test, host, no sandbox.")
    execute_first_seconds: float = Field(
        description="The first /api/v2/execute request (it compiles, cold caches).")
    execute_seconds_per_test: float = Field(
        description="Later /api/v2/execute requests, one at a time: mean seconds.")
    ratio: float = Field(description="piston-style / execute, per test.")

    def summary(self) -> str:
        return (f"{self.problem}, {self.tests} tests: piston-style "
                f"{self.piston_style_seconds_per_test} s/test, /api/v2/execute "
                f"{self.execute_seconds_per_test} s/test (first {self.execute_first_seconds} "
                f"s): {self.ratio}x")


def grader_files(stored: StoredProblem) -> list[list[str]]:
    """The row's ``grader_files``: every judged file but the tests, and
    ``graders/grader_config.json`` with the task's type, limits and parameters."""
    p = stored.problem
    tests = {t.input for t in p.tests} | {t.output for t in p.tests if t.output}
    files = [[rel, stored.path(rel).read_text()] for rel in p.judged_files() if rel not in tests]
    return [*files, ["graders/grader_config.json", grader_config(stored)]]


def grader_config(stored: StoredProblem) -> str:
    """``graders/grader_config.json``: the task's CMS problem.json fields, its
    task type parameters as an object (the Communication one the package reads)."""
    p = stored.problem
    params = ({"task_type_parameters_Communication_num_processes": p.communication.num_processes}
              if p.communication else {})
    return json.dumps({"code": p.id, "name": p.name, "time_limit": p.time_limit,
                       "memory_limit": p.memory_limit, "task_type": p.task_type.value,
                       "task_type_params": params})


def aplusb_rows(stored: StoredProblem) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """One row's fields Open R1 reads (id, limits, grader_files) and the tests
    as (name, input, expected output)."""
    p = stored.problem
    row = {"id": p.id, "time_limit": p.time_limit, "memory_limit": p.memory_limit,
           "grader_files": grader_files(stored)}
    tests = [(t.name, stored.path(t.input).read_text(),
              stored.path(t.output).read_text() if t.output else "") for t in p.tests]
    return row, tests


def ioi_body(row: dict[str, Any], test_input: str, test_output: str | None,
             submission: str) -> dict[str, Any]:
    """The body ``run_submission`` posts (with ``send_execute``'s language/version)."""
    files = [
        {"name": f"graders/{row['id'].lower()}.cpp", "content": submission},
        {"name": "input.txt", "content": test_input},
        *([{"name": "correct_output.txt", "content": test_output}] if test_output else []),
        *({"name": name, "content": content} for name, content in row["grader_files"] if content),
    ]
    return {"files": files, "run_timeout": round((row["time_limit"] + 3) * 1000),
            "run_memory_limit": row["memory_limit"], "language": "cms_ioi", "version": "*"}


def piston_style_test(body: dict[str, Any], task: str, time_limit: float) -> float:
    """Seconds to judge one request as the cms_ioi package does; the score."""
    with tempfile.TemporaryDirectory(prefix="piston-style-") as tmp:
        root = Path(tmp)
        for f in body["files"]:
            (root / f["name"]).parent.mkdir(parents=True, exist_ok=True)
            (root / f["name"]).write_text(f["content"])
        _run([*CHECKER_CXX, "-o", "checker/checker", "checker/checker.cpp"], root)
        sources = [f"graders/{task}.cpp"] + [s for s in ("graders/grader.cpp", "graders/stub.cpp")
                                             if (root / s).exists()]
        _run([*SUBMISSION_CXX, "-o", f"graders/{task}", *sources], root)
        with open(root / "input.txt") as stdin, open(root / "output.txt", "w") as stdout:
            subprocess.run(["timeout", str(time_limit), f"./graders/{task}"], cwd=root,
                           stdin=stdin, stdout=stdout, check=False)
        checked = _run(["./checker/checker", "input.txt", "correct_output.txt", "output.txt"], root)
        return float(checked.stdout.split()[0])


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0 and argv[0] == "g++":
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr[-500:]}")
    return done


def piston_style_seconds_per_test(stored: StoredProblem, source: str, tests: int) -> float:
    """Mean seconds per test of the piston-style reproduction on the first ``tests``."""
    row, cases = aplusb_rows(stored)
    started = time.perf_counter()
    for _, given, expected in cases[:tests]:
        score = piston_style_test(ioi_body(row, given, expected, source), stored.problem.id,
                                  stored.problem.time_limit)
        if score != 1.0:
            raise RuntimeError(f"piston-style scored {score} on a model solution")
    return (time.perf_counter() - started) / min(tests, len(cases))


def execute_seconds_per_test(client: httpx.Client, stored: StoredProblem, source: str,
                             tests: int) -> tuple[float, float]:
    """(first request, mean of the later ones) seconds on /api/v2/execute."""
    row, cases = aplusb_rows(stored)
    times: list[float] = []
    for _, given, expected in cases[:tests]:
        started = time.perf_counter()
        answer = client.post("/api/v2/execute", json=ioi_body(row, given, expected, source))
        times.append(time.perf_counter() - started)
        if answer.status_code != 200 or answer.json()["run"]["stdout"].strip() != "1":
            raise RuntimeError(f"/api/v2/execute did not accept the model solution: {answer.text}")
    later = times[1:] or times
    return times[0], sum(later) / len(later)


def model_source(stored: StoredProblem) -> str:
    for solution in stored.problem.solutions:
        if solution.category == "model_solution":
            return stored.path(solution.path).read_text()
    raise RuntimeError(f"{stored.problem.id} has no model solution")


def run_openr1_bench(settings: Settings, packages: Path, tests: int,
                     problem: str = "aplusb") -> OpenR1Bench:
    with tempfile.TemporaryDirectory(prefix="bench-openr1-") as tmp:
        base = Path(tmp)
        store = ProblemStore(base / "local" / "problems")
        stored = import_problem(packages / f"{problem}-CMS.zip", store, settings.archive)
        source = model_source(stored)
        piston = piston_style_seconds_per_test(stored, source, tests)
        with ServiceProcesses(base, 1) as service, \
                service.client(SUBMIT_TOKEN, timeout=600) as client:
            first, later = execute_seconds_per_test(client, stored, source, tests)
    return OpenR1Bench(problem=problem, tests=min(tests, len(stored.problem.tests)),
                       piston_style_seconds_per_test=round(piston, 4),
                       execute_first_seconds=round(first, 3),
                       execute_seconds_per_test=round(later, 4), ratio=round(piston / later, 1))
