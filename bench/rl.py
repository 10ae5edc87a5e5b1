"""``ioi-judge bench rl``: RL-style throughput of ``/v1/runs``.

A private service (:class:`~bench.harness.ServiceProcesses`, one worker per
core) judges N unique completions (C++ and Python, right and wrong:
:mod:`bench.rl_work`) of a CodeForces-style problem, its tests uploaded once as a
test set, all requests in flight at once as a GRPO step sends them, with
``stop_on_failure`` (an all-or-nothing reward). Reported: submissions/s,
tests/s, p50/p99 latency (request to answer; also of a few runs one at a time),
and the ratio to the **bare limit**: the same sources compiled with the same
line and precompiled header and run on the same tests as plain subprocesses, on
as many processes as there are workers, timed just before and just after the
judge's run (the mean of both: load from other processes drifts). The verdicts
of all must agree.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from pydantic import BaseModel, Field

from bench import rl_work
from bench.harness import ServiceProcesses
from bench.rl_piston import PistonFigures, piston_phase
from bench.stats import percentile
from judge.settings import Settings
from judge.wire.runs import RunView, TestsetRequest


class RunsFigures(BaseModel):
    completions: int
    tests_per_completion: int
    workers: int
    seconds: float
    submissions_per_second: float
    tests_per_second: float = Field(description="Tests run (not skipped after a failure).")
    latency_p50_ms: float = Field(description="POST /v1/runs?wait= to its answer, all "
                                  "completions in flight at once (queueing included).")
    latency_p99_ms: float
    alone_p50_ms: float = Field(description="Median latency of one run at a time (C++ and "
                                "Python alternately), nothing queued.")
    bare_seconds: list[float] = Field(description="The same work bare on as many processes, "
                                      "before and after the judge's (load drifts).")
    bare_submissions_per_second: float = Field(description="From the mean bare time.")
    ratio_vs_bare: float = Field(description="Judge throughput / bare throughput (target 0.8).")


class RlBench(BaseModel):
    load_before: float = Field(description="1-minute load average before the run.")
    load_after: float
    runs: RunsFigures
    piston: PistonFigures | None = Field(
        None, description="aplusb through /api/v2/execute vs piston-style (None without "
        "the IOI 2024 package).")

    def summary(self) -> str:
        r, p = self.runs, self.piston
        piston = "" if p is None else (
            f"; /api/v2 {p.api_v2_per_test_ms} ms/test vs piston-style "
            f"{p.piston_style_per_test_ms} ms/test, ratio {p.ratio}")
        return (f"/v1/runs: {r.completions} completions x {r.tests_per_completion} tests on "
                f"{r.workers} workers: {r.submissions_per_second} subs/s, "
                f"{r.tests_per_second} tests/s, p50 {r.latency_p50_ms} ms, p99 "
                f"{r.latency_p99_ms} ms; bare {r.bare_submissions_per_second} subs/s, "
                f"ratio {r.ratio_vs_bare} (load {self.load_before:.1f} -> "
                f"{self.load_after:.1f})" + piston)


def _post(client: httpx.Client, body: dict[str, object]) -> tuple[float, RunView]:
    started = time.perf_counter()
    answer = client.post("/v1/runs", params={"wait": 600}, json=body)
    answer.raise_for_status()
    return time.perf_counter() - started, RunView.model_validate(answer.json())


def _bodies(set_id: str, work: list[rl_work.Completion]) -> list[dict[str, object]]:
    return [{"language": c.language, "source": c.source, "testset": set_id,
             "time_limit": 2.0, "memory_limit": 256, "stop_on_failure": True} for c in work]


def _judge_all(client: httpx.Client, set_id: str, work: list[rl_work.Completion]
               ) -> tuple[float, list[tuple[float, RunView]]]:
    bodies = _bodies(set_id, work)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=min(64, len(bodies))) as pool:
        answers = list(pool.map(lambda b: _post(client, b), bodies))
    return time.perf_counter() - started, answers


def runs_phase(settings: Settings, client: httpx.Client, count: int, workers: int
               ) -> RunsFigures:
    cases = rl_work.tests()
    work = rl_work.completions(count)
    body = TestsetRequest(tests=cases).model_dump(mode="json")
    set_id = client.post("/v1/testsets", json=body).json()["id"]
    _judge_all(client, set_id, rl_work.completions(2 * workers, seed=99))  # warm up
    bare_before, bare = rl_work.bare_limit(settings, work, cases, workers)
    seconds, answers = _judge_all(client, set_id, work)
    bare_after, _ = rl_work.bare_limit(settings, work, cases, workers)
    alone = [_post(client, b)[0] for b in _bodies(set_id, rl_work.completions(6, seed=5))]
    states = [state for _, state in answers]
    verdicts = [s.result is not None and s.result.verdict.value == "AC" for s in states]
    expected = [c.right for c in work]
    if verdicts != expected or bare != expected:
        raise RuntimeError(f"verdicts disagree: judge {verdicts}, bare {bare}, "
                           f"expected {expected}; {[s.error for s in states if s.error][:3]}")
    bare_seconds = (bare_before + bare_after) / 2
    ran = sum(t.status.value != "SKIPPED" for s in states if s.result for t in s.result.tests)
    latencies = [lat for lat, _ in answers]
    return RunsFigures(
        completions=len(work), tests_per_completion=len(cases), workers=workers,
        seconds=round(seconds, 2),
        submissions_per_second=round(len(work) / seconds, 2),
        tests_per_second=round(ran / seconds, 1),
        latency_p50_ms=round(percentile(latencies, 0.5) * 1000, 1),
        latency_p99_ms=round(percentile(latencies, 0.99) * 1000, 1),
        alone_p50_ms=round(statistics.median(alone) * 1000, 1),
        bare_seconds=[round(bare_before, 2), round(bare_after, 2)],
        bare_submissions_per_second=round(len(work) / bare_seconds, 2),
        ratio_vs_bare=round(bare_seconds / seconds, 3),
    )


def run_rl_bench(settings: Settings, completions: int, workers: int, aplusb: Path | None,
                 piston_tests: int) -> RlBench:
    """Both phases on one private service; the /api/v2 one when ``aplusb`` (the
    IOI 2024 package) is given."""
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-rl-") as tmp:
        base = Path(tmp)
        local = settings.model_copy(update={"data_dir": base / "local"})
        with ServiceProcesses(base / "service", workers) as service, \
                service.client(timeout=700) as client:
            figures = runs_phase(local, client, completions, workers)
            piston = piston_phase(client, aplusb, piston_tests) if aplusb else None
    return RlBench(load_before=load_before, load_after=os.getloadavg()[0], runs=figures,
                   piston=piston)
