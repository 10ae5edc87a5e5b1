"""``ioi-judge bench first``: how long the first submission of a freshly
uploaded problem waits on a fresh worker.

For each problem, a new private service (:class:`~bench.harness.ServiceProcesses`:
its own redis-server, the API, one worker, an empty data directory, so every
cache is cold) is started; its worker is ready once it has built the precompiled
header. Then the problem is uploaded through the API, and, unless
``immediate``, the bench waits until the worker reports the version warm
(checker, manager, grader objects compiled: :mod:`judge.service.warmer`). Then
the model solution is submitted (the first submission), and then the same
solution with a changed comment (it compiles again but finds everything else
warm). Each submission is followed until ``running`` (compiled, tests
starting) and ``done``.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import redis
from pydantic import BaseModel, Field

from bench.harness import ServiceProcesses
from judge.grading.warmup import WarmUp
from judge.importers import import_problem
from judge.problems.store import ProblemStore
from judge.service.warmer import warm_key
from judge.settings import Settings


class Submitted(BaseModel):
    to_running_ms: float = Field(description="Submit until compiled (tests start).")
    to_result_ms: float = Field(description="Submit until the result.")
    score: float


class FirstFigures(BaseModel):
    problem: str
    worker_ready_s: float = Field(description="Service start until the worker takes jobs.")
    upload_s: float = Field(description="POST /v1/problems (import and publish).")
    warm_s: float | None = Field(description="Upload answered until the version is warm "
                                 "(None: not waited for, --immediate).")
    warm_up: WarmUp | None = None
    first: Submitted
    next: Submitted = Field(description="The same solution changed by a comment.")
    added_ms: float = Field(description="first.to_result_ms - next.to_result_ms.")


class FirstBench(BaseModel):
    immediate: bool
    problems: list[FirstFigures]

    def summary(self) -> str:
        return "; ".join(
            f"{p.problem}: first {p.first.to_result_ms:.0f} ms (next {p.next.to_result_ms:.0f} "
            f"ms, added {p.added_ms:.0f} ms), warm-up {p.warm_s} s" for p in self.problems)


def _model_source(package: Path, settings: Settings) -> tuple[str, str]:
    store = ProblemStore(settings.problems_dir)
    stored = import_problem(package, store, settings.archive)
    for solution in stored.problem.solutions:
        if solution.category == "model_solution":
            return solution.language, stored.path(solution.path).read_text(errors="replace")
    raise RuntimeError(f"{package.name} has no model solution")


def _follow(client: httpx.Client, body: dict[str, Any]) -> Submitted:
    started = time.perf_counter()
    submission = client.post("/v1/submissions", json=body).json()["id"]
    running: float | None = None
    while True:
        state = client.get(f"/v1/submissions/{submission}").json()
        now = time.perf_counter()
        if running is None and state["status"] in ("running", "done"):
            running = now
        if state["status"] in ("done", "error"):
            break
        time.sleep(0.02)
    if state["status"] != "done" or running is None:
        raise RuntimeError(f"the submission failed: {state}")
    return Submitted(to_running_ms=round((running - started) * 1000, 1),
                     to_result_ms=round((now - started) * 1000, 1),
                     score=state["result"]["score"])


def wait_warm(url: str, problem_id: str, version: str, timeout: float = 600) -> WarmUp:
    """The first worker's warm-up record of a version, once there is one."""
    with redis.Redis.from_url(url) as connection:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = connection.hvals(warm_key(problem_id, version))
            if found:
                return WarmUp.model_validate_json(found[0])
            time.sleep(0.05)
    raise RuntimeError(f"{problem_id} was not warmed within {timeout:.0f} s")


def _one(package: Path, base: Path, language: str, source: str,
         immediate: bool) -> FirstFigures:
    started = time.perf_counter()
    with ServiceProcesses(base, workers=1, ready_timeout=600) as service, \
            service.client(timeout=700) as admin:
        ready = time.perf_counter() - started
        started = time.perf_counter()
        info = admin.post("/v1/problems", files={"file": (package.name, package.read_bytes())})
        if info.status_code not in (200, 201):
            raise RuntimeError(f"upload of {package.name} failed: {info.text}")
        uploaded = time.perf_counter()
        problem = info.json()
        warm_up, warm_s = None, None
        if not immediate:
            warm_up = wait_warm(service.redis.url, problem["id"], problem["version"])
            warm_s = round(time.perf_counter() - uploaded, 2)
        body = {"problem_id": problem["id"], "language": language, "source": source}
        first = _follow(admin, body)
        again = _follow(admin, {**body, "source": source + "\n// again\n"})
    return FirstFigures(problem=problem["id"], worker_ready_s=round(ready, 2),
                        upload_s=round(uploaded - started, 2), warm_s=warm_s, warm_up=warm_up,
                        first=first, next=again,
                        added_ms=round(first.to_result_ms - again.to_result_ms, 1))


def run_first_bench(settings: Settings, packages: Path, problems: list[str],
                    immediate: bool = False) -> FirstBench:
    figures = []
    for name in problems:
        package = packages / f"{name}-CMS.zip"
        with tempfile.TemporaryDirectory(prefix="bench-first-") as tmp:
            local = settings.model_copy(update={"data_dir": Path(tmp) / "local"})
            language, source = _model_source(package, local)
            figures.append(_one(package, Path(tmp), language, source, immediate))
    return FirstBench(immediate=immediate, problems=figures)
