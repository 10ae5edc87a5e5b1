"""``ioi-judge bench service``: what the service costs on top of local judging.

Starts a private service (:class:`~bench.harness.ServiceProcesses`: its own
redis-server on a free port, the API and W worker processes, in a temporary
data directory), uploads aplusb and message from the IOI 2024 packages through
the API, and judges their model solutions:

* latency: submissions one at a time with ``?wait=``, each also judged by a
  local :class:`~judge.grading.evaluate.Evaluator` in this process; the added cost per
  submission is the difference of the medians;
* throughput: N submissions per problem in one batch, waited for with
  ``GET /v1/submissions?ids=...&wait=``: submissions/s, tests/s and p50/p95
  of submit-to-result latency (under queueing).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel, Field

from bench.harness import ServiceProcesses
from bench.stats import percentile
from judge.grading.evaluate import EvaluateOptions, Evaluator
from judge.grading.runtime import judge_env
from judge.grading.tasktypes.base import Submission
from judge.importers import import_problem
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import Settings


class ProblemFigures(BaseModel):
    problem: str
    tests_per_submission: int
    local_median_ms: float = Field(description="Evaluator.evaluate in this process.")
    service_median_ms: float = Field(description="POST ?wait= until the result, one at a time.")
    added_ms: float = Field(description="Service minus local median, per submission.")


class ServiceBench(BaseModel):
    workers: int
    submissions: int = Field(description="Submissions in the throughput phase.")
    submissions_per_second: float
    tests_per_second: float
    latency_p50_ms: float = Field(description="Submit to result, throughput phase.")
    latency_p95_ms: float
    problems: list[ProblemFigures]
    added_ms_per_submission: float = Field(
        description="added_ms of the problem judged fastest: the service's fixed cost "
        "(on long judgings the difference drowns in run-to-run noise)."
    )

    def summary(self) -> str:
        return (f"{self.workers} workers: {self.submissions_per_second} submissions/s, "
                f"{self.tests_per_second} tests/s, latency p50 {self.latency_p50_ms} ms "
                f"p95 {self.latency_p95_ms} ms; service adds {self.added_ms_per_submission} ms")


def _model_solution(stored: StoredProblem) -> Submission:
    for solution in stored.problem.solutions:
        if solution.category == "model_solution":
            source = stored.path(solution.path).read_text(errors="replace")
            return Submission(language=solution.language, source=source)
    raise RuntimeError(f"{stored.problem.id} has no model solution")


def _request(problem_id: str, sub: Submission, priority: str) -> dict[str, Any]:
    return {"problem_id": problem_id, "language": sub.language, "source": sub.source,
            "priority": priority}


def _latency_phase(client: httpx.Client, evaluator: Evaluator, stored: StoredProblem,
                   sub: Submission, rounds: int) -> ProblemFigures:
    local: list[float] = []
    service: list[float] = []
    problem_id = stored.problem.id
    tests = 0
    for _ in range(rounds + 1):  # the first round warms the compile caches
        started = time.perf_counter()
        result = evaluator.evaluate(stored, sub, EvaluateOptions())
        local.append(time.perf_counter() - started)
        started = time.perf_counter()
        state = client.post("/v1/submissions", params={"wait": 600},
                            json=_request(problem_id, sub, "interactive")).json()
        service.append(time.perf_counter() - started)
        if state.get("status") != "done" or state["result"]["score"] != result.score:
            raise RuntimeError(f"service and local disagree on {problem_id}: {state}")
        tests = len(result.tests)
    local_ms = statistics.median(local[1:]) * 1000
    service_ms = statistics.median(service[1:]) * 1000
    return ProblemFigures(problem=problem_id, tests_per_submission=tests,
                          local_median_ms=round(local_ms, 1),
                          service_median_ms=round(service_ms, 1),
                          added_ms=round(service_ms - local_ms, 1))


def _throughput_phase(client: httpx.Client, work: list[dict[str, Any]]
                      ) -> tuple[float, float, list[float]]:
    started = time.perf_counter()
    ids: list[str] = []
    for i in range(0, len(work), 1000):
        answer = client.post("/v1/submissions/batch", json={"submissions": work[i:i + 1000]})
        ids += answer.json()["ids"]
    states = client.get("/v1/submissions", params={"ids": ",".join(ids), "wait": 3600},
                        timeout=3700).json()
    elapsed = time.perf_counter() - started
    if any(s["status"] != "done" for s in states):
        raise RuntimeError("some submissions did not finish")
    tests = sum(t["status"] != "SKIPPED" for s in states for t in s["result"]["tests"])
    latencies = [s["finished_at"] - s["created_at"] for s in states]
    return elapsed, tests, latencies


def run_service_bench(settings: Settings, packages: Path, problems: list[str],
                      submissions: int, rounds: int, workers: int) -> ServiceBench:
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp:
        base = Path(tmp)
        settings = settings.model_copy(update={"data_dir": base / "local"})
        store = ProblemStore(settings.problems_dir)
        stored = {name: import_problem(packages / f"{name}-CMS.zip", store, settings.archive)
                  for name in problems}
        with ServiceProcesses(base, workers) as service, judge_env(settings) as env, \
                service.client(timeout=700) as client:
            for name in problems:
                data = (packages / f"{name}-CMS.zip").read_bytes()
                client.post("/v1/problems", files={"file": (f"{name}-CMS.zip", data)})
            evaluator = Evaluator(env)
            figures = [_latency_phase(client, evaluator, stored[n], _model_solution(stored[n]),
                                      rounds) for n in problems]
            work = [_request(n, _model_solution(stored[n]), "batch")
                    for n in problems for _ in range(submissions)]
            elapsed, tests, latencies = _throughput_phase(client, work)
    return ServiceBench(
        workers=workers, submissions=len(work),
        submissions_per_second=round(len(work) / elapsed, 2),
        tests_per_second=round(tests / elapsed, 1),
        latency_p50_ms=round(percentile(latencies, 0.5) * 1000, 1),
        latency_p95_ms=round(percentile(latencies, 0.95) * 1000, 1),
        problems=figures,
        added_ms_per_submission=min(figures, key=lambda f: f.local_median_ms).added_ms,
    )
