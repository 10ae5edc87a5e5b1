"""``ioi-judge bench service``: what the service costs on top of local judging.

Starts a private service (its own redis-server on a free port, the API and W
worker processes, in a temporary data directory), uploads aplusb and message
from the IOI 2024 packages through the API, and judges their model solutions:

* latency: submissions one at a time with ``?wait=``, each also judged by a
  local :class:`~judge.grading.evaluate.Evaluator` in this process; the added cost per
  submission is the difference of the medians;
* throughput: N submissions per problem in one batch, waited for with
  ``GET /v1/submissions?ids=...&wait=``: submissions/s, tests/s and p50/p95
  of submit-to-result latency (under queueing).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import redis
from pydantic import BaseModel, Field

from judge.grading.evaluate import EvaluateOptions, Evaluator
from judge.grading.runtime import judge_env
from judge.grading.tasktypes.base import Submission
from judge.importers import import_problem
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import Settings

TOKEN = "bench-token"
WORKER = "import judge.service.worker; judge.service.worker.main()"


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class ServiceProcesses:
    """A private service whose parts a benchmark can kill and restart: a
    redis-server on a free port with append-only persistence in its own
    directory, the API (``python -m judge.api``) and worker processes, each in
    its own session (so a worker is killed with the sandboxed programs it runs).

    ``env`` adds or overrides ``JUDGE_*`` variables of the API and workers;
    ``log_dir``, when given, receives each process's output."""

    def __init__(self, base: Path, env: dict[str, str] | None = None,
                 appendfsync: str = "always", log_dir: Path | None = None) -> None:
        self.redis_port, self.api_port = _free_port(), _free_port()
        self.url = f"http://127.0.0.1:{self.api_port}"
        self.settings = Settings(
            data_dir=base / "data", redis_url=f"redis://127.0.0.1:{self.redis_port}/0",
            submit_tokens=[TOKEN], admin_tokens=[TOKEN])
        self.redis_dir = base / "redis"
        self.redis_dir.mkdir(parents=True, exist_ok=True)
        self.appendfsync = appendfsync
        self.log_dir = log_dir
        self.env = {**os.environ, "JUDGE_DATA_DIR": str(self.settings.data_dir),
                    "JUDGE_REDIS_URL": self.settings.redis_url, "JUDGE_API_HOST": "127.0.0.1",
                    "JUDGE_API_PORT": str(self.api_port),
                    "JUDGE_SUBMIT_TOKENS": json.dumps([TOKEN]),
                    "JUDGE_ADMIN_TOKENS": json.dumps([TOKEN]), **(env or {})}
        self.redis: subprocess.Popen[bytes] | None = None
        self.api: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes]] = []
        self._spawned = 0
        # A chaos thread may still start a process while stop() runs: starting
        # and registering happen under the lock, and none after stop().
        self._lock = threading.RLock()
        self._stopped = False

    def _popen(self, argv: list[str], name: str) -> subprocess.Popen[bytes]:
        if self._stopped:
            raise RuntimeError("the service is stopped")
        self._spawned += 1
        out: Any = subprocess.DEVNULL
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = (self.log_dir / f"{self._spawned:04d}-{name}.log").open("wb")
        try:
            return subprocess.Popen(argv, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        finally:
            if out is not subprocess.DEVNULL:
                out.close()

    def start_redis(self) -> None:
        redis_bin = shutil.which("redis-server") or "redis-server"
        with self._lock:
            self.redis = self._popen(
                [redis_bin, "--port", str(self.redis_port), "--bind", "127.0.0.1",
                 "--dir", str(self.redis_dir), "--appendonly", "yes",
                 "--appendfsync", self.appendfsync, "--save", "", "--daemonize", "no"],
                "redis")
        client = redis.Redis(port=self.redis_port, socket_connect_timeout=1)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except (redis.ConnectionError, redis.BusyLoadingError):
                if time.monotonic() > deadline or self.redis is None \
                        or self.redis.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        client.close()

    def kill_redis(self) -> None:
        """SIGKILL: what survives is what the append-only file already has."""
        if self.redis is not None:
            self.redis.kill()
            self.redis.wait()
            self.redis = None

    def start_api(self) -> None:
        with self._lock:
            self.api = self._popen([sys.executable, "-m", "judge.api"], "api")

    def kill_api(self, sig: int = signal.SIGKILL) -> None:
        if self.api is not None:
            _stop(self.api, sig)
            self.api = None

    def start_worker(self) -> str:
        """Start one worker; its RQ name (``host.pid``)."""
        with self._lock:
            proc = self._popen([sys.executable, "-c", WORKER], "worker")
            self.workers.append(proc)
        return worker_name(proc.pid)

    def kill_worker(self, index: int) -> str:
        """SIGKILL a running worker (and its sandboxed programs); its name."""
        with self._lock:
            proc = self.workers.pop(index)
        _stop(proc, signal.SIGKILL)
        return worker_name(proc.pid)

    def start(self, workers: int) -> None:
        self.start_redis()
        self.start_api()
        for _ in range(workers):
            self.start_worker()
        _wait_ready(self.url, workers)

    def stop(self) -> None:
        """Workers and API first (SIGTERM, then SIGKILL), Redis last. Nothing
        can be started afterwards."""
        with self._lock:
            self._stopped = True
            procs = [*self.workers, *([self.api] if self.api else [])]
            last, self.workers, self.api, self.redis = self.redis, [], None, None
        for proc in procs:
            _stop(proc, signal.SIGTERM)
        if last is not None:
            _stop(last, signal.SIGTERM)


def worker_name(pid: int) -> str:
    """The RQ name a worker process gives itself (see :func:`judge.service.worker.build_worker`)."""
    return f"{socket.gethostname()}.{pid}"


def _stop(proc: subprocess.Popen[bytes], sig: int, grace: float = 20.0) -> None:
    """Signal a process's whole session; SIGKILL it if it does not exit in time."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@contextmanager
def private_service(base: Path, workers: int, env: dict[str, str] | None = None
                    ) -> Iterator[ServiceProcesses]:
    """redis-server + API + workers on free ports, over ``base``, started and
    ready; stopped afterwards. ``env``: extra ``JUDGE_*`` variables of the API
    and workers."""
    service = ServiceProcesses(base, env=env)
    try:
        service.start(workers)
        yield service
    finally:
        service.stop()


def _wait_ready(url: str, workers: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            health = httpx.get(f"{url}/readyz", timeout=2).json()
            if health.get("workers", 0) >= workers:
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.2)
    raise RuntimeError("the service did not become ready")


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
        with private_service(base, workers) as service, judge_env(settings) as env, \
                httpx.Client(base_url=service.url, timeout=700,
                             headers={"Authorization": f"Bearer {TOKEN}"}) as client:
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
        latency_p50_ms=round(_percentile(latencies, 0.5) * 1000, 1),
        latency_p95_ms=round(_percentile(latencies, 0.95) * 1000, 1),
        problems=figures,
        added_ms_per_submission=min(figures, key=lambda f: f.local_median_ms).added_ms,
    )
