"""``ioi-judge bench verify``: how long verifying a package's reference
solutions takes on the service (``POST /v1/problems/{id}/verify`` until the run
is finished) and, with ``local``, in this process (``problems verify``) on the
same machine, one after the other.

Each problem gets a new private service (:class:`~bench.harness.ServiceProcesses`:
its own redis-server, the API, ``workers`` workers, an empty data directory, so
the compile cache is cold); the clock starts at the ``POST``, with the workers
ready (their precompiled header built). A worker warms a freshly uploaded
version (:mod:`judge.service.warmer`) before it judges it; with ``after_warm_up``
the ``POST`` waits for the first warm-up, which is then timed apart."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import httpx
from pydantic import BaseModel, Field

from bench.first import wait_warm
from bench.harness import ServiceProcesses
from judge.grading.evaluate import Evaluator
from judge.grading.runtime import judge_env
from judge.grading.verify import verify_problem
from judge.importers import import_problem
from judge.problems.store import ProblemStore
from judge.settings import Settings
from judge.wire.verify import VerifyRun


class VerifyFigures(BaseModel):
    problem: str
    solutions: int
    workers: int
    warm_up_s: float | None = Field(None, description="Upload until the first worker warmed "
                                    "the version (None: not waited for).")
    service_s: float = Field(description="POST verify until the run is finished.")
    status: str
    mismatches: int
    verdict_notes: int
    local_s: float | None = Field(None, description="problems verify in this process "
                                  "(a cold data directory too); None unless asked.")
    local_mismatches: int | None = None


class VerifyBench(BaseModel):
    early_stop: bool
    after_warm_up: bool
    problems: list[VerifyFigures]

    def summary(self) -> str:
        return "; ".join(
            f"{p.problem}: {p.solutions} solutions on {p.workers} worker(s) {p.service_s} s "
            + (f"after a {p.warm_up_s} s warm-up " if p.warm_up_s is not None else "")
            + f"({p.status}, {p.mismatches} mismatches)"
            + (f", locally {p.local_s} s" if p.local_s is not None else "")
            for p in self.problems)


def _follow(admin: httpx.Client, problem_id: str, early_stop: bool,
            timeout: float = 3600) -> tuple[VerifyRun, float]:
    started = time.perf_counter()
    answer = admin.post(f"/v1/problems/{problem_id}/verify", json={"early_stop": early_stop})
    if answer.status_code != 202:
        raise RuntimeError(f"verify of {problem_id} did not start: {answer.text}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = VerifyRun.model_validate_json(admin.get(f"/v1/problems/{problem_id}/verify").text)
        if run.status.finished:
            return run, round(time.perf_counter() - started, 2)
        time.sleep(0.2)
    raise RuntimeError(f"verify of {problem_id} did not finish within {timeout:.0f} s")


def _on_service(package: Path, base: Path, workers: int, early_stop: bool,
                after_warm_up: bool) -> VerifyFigures:
    with ServiceProcesses(base, workers=workers, ready_timeout=600) as service, \
            service.client(timeout=700) as admin:
        started = time.perf_counter()
        info = admin.post("/v1/problems", files={"file": (package.name, package.read_bytes())})
        if info.status_code not in (200, 201):
            raise RuntimeError(f"upload of {package.name} failed: {info.text}")
        warm_up_s = None
        if after_warm_up:
            wait_warm(service.redis.url, info.json()["id"], info.json()["version"])
            warm_up_s = round(time.perf_counter() - started, 2)
        run, seconds = _follow(admin, info.json()["id"], early_stop)
    return VerifyFigures(problem=run.problem_id, solutions=len(run.solutions), workers=workers,
                         warm_up_s=warm_up_s, service_s=seconds, status=run.status.value,
                         mismatches=run.mismatch_count, verdict_notes=run.verdict_note_count)


def _locally(package: Path, settings: Settings, early_stop: bool) -> tuple[float, int]:
    stored = import_problem(package, ProblemStore(settings.problems_dir), settings.archive)
    started = time.perf_counter()
    with judge_env(settings) as env:
        report = verify_problem(Evaluator(env), stored, early_stop=early_stop)
    mismatches = sum(m.kind == "score" for s in report.solutions for m in s.mismatches)
    return round(time.perf_counter() - started, 2), mismatches


def run_verify_bench(settings: Settings, packages: Path, problems: list[str], workers: int,
                     early_stop: bool = False, local: bool = False,
                     after_warm_up: bool = False) -> VerifyBench:
    figures = []
    for name in problems:
        package = packages / f"{name}-CMS.zip"
        with tempfile.TemporaryDirectory(prefix="bench-verify-") as tmp:
            found = _on_service(package, Path(tmp) / "service", workers, early_stop,
                                after_warm_up)
            if local:
                cold = settings.model_copy(update={"data_dir": Path(tmp) / "local"})
                found.local_s, found.local_mismatches = _locally(package, cold, early_stop)
        figures.append(found)
    return VerifyBench(early_stop=early_stop, after_warm_up=after_warm_up, problems=figures)
