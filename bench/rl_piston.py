"""The ``/api/v2`` part of ``ioi-judge bench rl``: the IOI 2024 aplusb model
solution sent to ``POST /api/v2/execute`` one request per test, as Open R1's
``ioi_scoring.py`` sends them (``cms_ioi`` file layout: the submission as
``graders/aplusb.cpp``, the package's graders and checker, ``input.txt``,
``correct_output.txt``), against **piston-style** judging reproduced locally:
what Open R1's Piston package does for every test — compile the grader with the
submission and the checker with testlib.h (no precompiled header, no cache),
run the program, run the checker — on a subset of the tests."""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import httpx
from pydantic import BaseModel, Field

from bench.stats import percentile

TASK = "aplusb"
SUBMISSION = "solutions/model_solution/solution.cpp"
# The lines of Open R1's Piston package (cms_ioi compile script), as its README gives them.
COMPILE = ["g++", "-DEVAL", "-std=gnu++17", "-O2", "-pipe", "-static", "-s",
           "-o", f"graders/{TASK}", "graders/grader.cpp", f"graders/{TASK}.cpp"]
CHECKER = ["g++", "-std=gnu++17", "-O2", "-o", "checker/checker", "checker/checker.cpp"]


class PistonFigures(BaseModel):
    tests: int
    api_v2_per_test_ms: float = Field(description="Median POST /api/v2/execute of one test "
                                      "(submission compiled once, through the cache).")
    api_v2_p99_ms: float
    piston_style_tests: int = Field(description="Tests judged piston-style (a subset).")
    piston_style_per_test_ms: float = Field(description="Compile + run + check per test.")
    ratio: float = Field(description="api_v2 / piston-style per test (target <= 0.02).")


class Package:
    """The files of an IOI 2024 CMS package that a cms_ioi request carries."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            files = {PurePosixPath(n).relative_to(TASK).as_posix(): archive.read(n).decode()
                     for n in names if not n.startswith(f"{TASK}/attachments/")}
        self.submission = files[SUBMISSION]
        self.graders = {n: t for n, t in files.items()
                        if n.startswith(("graders/", "checker/"))}
        self.graders["graders/grader_config.json"] = files["problem.json"]
        names = sorted(n[len("tests/"):-3] for n in files if n.startswith("tests/")
                       and n.endswith(".in"))
        self.tests = [(files[f"tests/{n}.in"], files[f"tests/{n}.out"]) for n in names]

    def body(self, test_input: str, test_output: str) -> dict[str, Any]:
        files = [{"name": f"graders/{TASK}.cpp", "content": self.submission},
                 {"name": "input.txt", "content": test_input},
                 {"name": "correct_output.txt", "content": test_output},
                 *({"name": n, "content": t} for n, t in self.graders.items())]
        return {"language": "cms_ioi", "version": "*", "files": files, "run_timeout": 4000,
                "run_memory_limit": 2048}


def _score(answer: httpx.Response) -> float:
    if answer.status_code != 200:
        raise RuntimeError(f"/api/v2/execute answered {answer.status_code}: {answer.text[:500]}")
    return float(answer.json()["run"]["stdout"])


def api_v2(client: httpx.Client, package: Package) -> list[float]:
    """Seconds per test, one request at a time, after a first request that
    compiles (sent again while it answers 5xx: under load the compile of the
    checker with testlib.h can outlast the API's wait; it finishes in the cache)."""
    for _ in range(10):
        first = client.post("/api/v2/execute", json=package.body(*package.tests[0]))
        if first.status_code < 500:
            break
    _score(first)
    seconds = []
    for test in package.tests:
        started = time.perf_counter()
        score = _score(client.post("/api/v2/execute", json=package.body(*test)))
        seconds.append(time.perf_counter() - started)
        if score != 1.0:
            raise RuntimeError(f"the model solution scored {score} on /api/v2/execute")
    return seconds


def piston_style(package: Package, subset: int) -> list[float]:
    """Seconds per test of compiling and running everything again for each test."""
    seconds = []
    for test_input, test_output in package.tests[:subset]:
        with tempfile.TemporaryDirectory(prefix="bench-piston-") as tmp:
            folder = Path(tmp)
            files = {**package.graders, f"graders/{TASK}.cpp": package.submission,
                     "input.txt": test_input, "correct_output.txt": test_output}
            for name, text in files.items():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_text(text)
            started = time.perf_counter()
            score = _judge_once(folder)
            seconds.append(time.perf_counter() - started)
        if score != 1.0:
            raise RuntimeError(f"the model solution scored {score} piston-style")
    return seconds


def _judge_once(folder: Path) -> float:
    subprocess.run(COMPILE, cwd=folder, check=True, capture_output=True)
    subprocess.run(CHECKER, cwd=folder, check=True, capture_output=True)
    with open(folder / "input.txt", "rb") as stdin, open(folder / "output.txt", "wb") as out:
        subprocess.run([f"graders/{TASK}"], cwd=folder, stdin=stdin, stdout=out, check=True)
    checked = subprocess.run(["checker/checker", "input.txt", "correct_output.txt",
                              "output.txt"], cwd=folder, capture_output=True, text=True)
    return float(checked.stdout.split()[0])


def piston_phase(client: httpx.Client, package_zip: Path, subset: int) -> PistonFigures:
    package = Package(package_zip)
    ours = api_v2(client, package)
    theirs = piston_style(package, subset)
    ours_ms = statistics.median(ours) * 1000
    theirs_ms = statistics.median(theirs) * 1000
    return PistonFigures(
        tests=len(ours), api_v2_per_test_ms=round(ours_ms, 1),
        api_v2_p99_ms=round(percentile(ours, 0.99) * 1000, 1),
        piston_style_tests=len(theirs), piston_style_per_test_ms=round(theirs_ms, 1),
        ratio=round(ours_ms / theirs_ms, 4),
    )
