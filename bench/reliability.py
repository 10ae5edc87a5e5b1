"""``ioi-judge bench load``: many submissions at once, optionally under chaos.

Starts a private service (:class:`~bench.harness.ServiceProcesses`: its own
redis-server with append-only persistence, the API, W workers), uploads a tiny
plain a+b problem written here and the IOI 2024 aplusb, machine and message
packages, then submits N submissions in batches of at most 1,000 drawn from a
fixed mix of sources whose verdict is known in advance (:data:`CASES`), while
client threads measure GET and POST latencies and a sampler reads Redis's
``used_memory``. With ``chaos``, after a warm-up (one submission per case, so
that every compilation is cached), a random worker is SIGKILLed and replaced
every few seconds, Redis is SIGKILLed and restarted once (after 30 % of the
work) and the API once (after 60 %).

At the end every submission is read back (:class:`judge.service.audit.SubmissionAudit`):
its status, result and the counters the store keeps: ``runs`` (claims, i.e. judge
executions started), ``workers`` (who claimed it, in order), ``finishes`` (result
writes) and ``finishes_refused`` (results refused because one was already written).

Definitions used in the report:

* **done exactly once**: ``status == done`` and ``finishes == 1``;
* **lost**: never reached ``done`` (still pending, ended as ``error``, or gone);
* **wrong verdict**: done, but score or verdict differ from the case's expected one;
* **judged twice**: a result written more than once (``finishes > 1``), or a
  judge execution repeated while the worker that started the earlier one was
  still alive (an earlier claimant that the bench did not kill); a re-run after
  the bench SIGKILLed the worker judging it is the intended recovery, counted
  in ``reruns_after_kill``.
"""

from __future__ import annotations

import contextlib
import io
import random
import signal
import tempfile
import threading
import time
import uuid
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any, Literal

import httpx
import redis
from pydantic import BaseModel, Field

from bench import SHARED_PACKAGES
from bench.harness import ServiceProcesses
from bench.problems import CPP_INT, CPP_OK, PY_OK, aplusb
from bench.stats import percentile
from judge.service.audit import JudgingAudit, SubmissionAudit
from judge.wire.results import SubmissionResult, Verdict, worst_verdict

PLAIN_ID = "relab"
PLAIN = aplusb(PLAIN_ID, "A plus B (reliability bench)", time_limit=1.0, memory_limit_mb=64)

PY_WA = "a, b = map(int, input().split())\nprint(a - b)\n"
PY_TLE = "while True:\n    pass\n"
PY_MLE = "x = bytearray(512 << 20)\nfor i in range(0, len(x), 4096):\n    x[i] = 1\nprint(len(x))\n"
PY_CE = "def f(:\n    pass\n"
CPP_WA = CPP_INT
CPP_TLE = """#include <cstdio>
int main() { volatile unsigned long x = 0; for (;;) x++; }
"""
CPP_MLE = """#include <cstdio>
#include <cstdlib>
int main() {
  size_t n = 512u << 20;
  volatile char *p = (volatile char *) std::malloc(n);
  if (!p) return 3;
  for (size_t i = 0; i < n; i += 4096) p[i] = (char) i;
  std::printf("%d\\n", p[n - 4096]);
}
"""
CPP_CE = "int main() { return undefined_name; }\n"


class Case(BaseModel):
    """One distinct source of the mix, with the verdict it deserves."""

    name: str
    problem: str
    language: str
    source: str = Field(repr=False)
    subtask: str | None = None
    weight: float = Field(description="Share of the mix, in percent.")
    score: float = Field(description="Expected score.")
    verdict: Verdict = Field(description="Expected verdict: CE, else the worst test's.")
    solution: str = Field("", description="IOI packages: path of the reference solution.")

    def request(self, priority: str = "batch") -> dict[str, Any]:
        body: dict[str, Any] = {"problem_id": self.problem, "language": self.language,
                                "source": self.source, "priority": priority,
                                "metadata": {"case": self.name}}
        if self.subtask is not None:
            body.update(subtask=self.subtask, early_stop=True)
        return body


def _plain(name: str, language: str, source: str, weight: float, score: float,
           verdict: Verdict, subtask: str | None = None) -> Case:
    return Case(name=name, problem=PLAIN_ID, language=language, source=source,
                subtask=subtask, weight=weight, score=score, verdict=verdict)


def _ioi(name: str, problem: str, solution: str, subtask: str, weight: float,
         score: float) -> Case:
    return Case(name=name, problem=problem, language="cpp17", source="", subtask=subtask,
                weight=weight, score=score, verdict=Verdict.AC, solution=solution)


# Weights in percent. TLE costs ~1 s of a worker each, message's len64 subtask
# a few seconds: both kept to a few percent so that 10,000 fit in ~30 minutes.
CASES: list[Case] = [
    _plain("py-ok", "python3", PY_OK, 22, 100, Verdict.AC),
    _plain("py-wa", "python3", PY_WA, 8, 0, Verdict.WA),
    _plain("py-tle", "python3", PY_TLE, 1, 0, Verdict.TLE, subtask="small"),
    _plain("py-mle", "python3", PY_MLE, 3, 0, Verdict.MLE, subtask="small"),
    _plain("py-ce", "python3", PY_CE, 4, 0, Verdict.CE),
    _plain("cpp-ok", "cpp17", CPP_OK, 18, 100, Verdict.AC),
    _plain("cpp-wa", "cpp17", CPP_WA, 8, 40, Verdict.WA),
    _plain("cpp-tle", "cpp17", CPP_TLE, 1, 0, Verdict.TLE, subtask="small"),
    _plain("cpp-mle", "cpp17", CPP_MLE, 3, 0, Verdict.MLE, subtask="small"),
    _plain("cpp-ce", "cpp17", CPP_CE, 4, 0, Verdict.CE),
    _ioi("aplusb-model", "aplusb", "solutions/model_solution/solution.cpp", "smallAB", 14, 20),
    _ioi("aplusb-bitwise", "aplusb", "solutions/correct/solution-bitwise.cpp", "bZero", 8, 30),
    _ioi("machine-model", "machine", "solutions/model_solution/sol-zoooma13.cpp", "subtask1",
         5.5, 7),
    _ioi("message-model", "message", "solutions/model_solution/mruxim-extra32.cpp", "len64",
         0.5, 10),
]
IOI_PROBLEMS = ("aplusb", "machine", "message")
# Under chaos (a worker killed every ~2 s, so each lives ~4 s) a judging must
# fit between kills, or it is killed again and again: message runs its
# one-test samples subtask (worth 0 points) instead of len64's seven tests.
CHAOS_OVERRIDES: dict[str, dict[str, Any]] = {
    "message-model": {"subtask": "samples", "score": 0.0},
}


class LoadOptions(BaseModel):
    submissions: int = Field(1000, ge=1)
    workers: int = Field(2, ge=1)
    chaos: bool = False
    kill_every: float = Field(3.0, gt=0, description="Chaos: seconds between worker kills.")
    redis_down_seconds: float = Field(2.0, ge=0, description="Chaos: Redis stays down this long.")
    appendfsync: Literal["always", "everysec"] = Field("always", description="Redis AOF fsync.")
    probe_posts: int = Field(0, ge=0, description="Single POSTs for latency; 0: N/50, >= 20.")
    stall_seconds: float = Field(300.0, description="Give up when nothing finishes this long.")
    packages: Path = Field(SHARED_PACKAGES, description="Folder of <name>-CMS.zip.")
    seed: int = 1
    log_dir: Path | None = Field(None, description="Keep the service's logs here.")


class Latency(BaseModel):
    requests: int
    p50_ms: float
    p99_ms: float
    max_ms: float


class Faults(BaseModel):
    worker_kills: int = 0
    redis_restarts: int = 0
    api_restarts: int = 0


class WrongVerdict(BaseModel):
    id: str
    case: str
    expected: str
    got: str


class LoadReport(BaseModel):
    submissions: int
    workers: int
    chaos: bool
    appendfsync: str
    mix: dict[str, int] = Field(description="Submissions per case.")
    done: int = Field(description="Done exactly once: status done, result written once.")
    lost: int = Field(description="Never reached done (pending, error or gone).")
    lost_by_status: dict[str, int]
    wrong_verdict: int
    wrong_verdict_examples: list[WrongVerdict]
    judged_twice: int = Field(description="Result written twice, or re-judged while the "
                                          "earlier claimant was alive.")
    results_refused: int = Field(description="Second results refused by the store.")
    executions: int = Field(description="Judge executions started (sum of runs).")
    sweep_requeued: int = Field(description="Jobs RQ lost that the sweep enqueued again.")
    reruns_after_kill: int = Field(description="Executions repeated because the bench "
                                               "killed the worker judging them.")
    faults: Faults
    redis_peak_used_memory_bytes: int
    redis_final_used_memory_bytes: int
    post: Latency
    get: Latency
    batch_post: Latency
    http_5xx: int
    http_5xx_while_redis_down: int = Field(description="Part of http_5xx: 503 answers "
                                                       "while Redis was restarting.")
    connection_errors: int = Field(description="Requests refused while the API restarted.")
    wall_seconds: float
    submissions_per_second: float

    def summary(self) -> str:
        return (f"{self.submissions} submissions, {self.workers} workers"
                f"{' (chaos)' if self.chaos else ''}: done {self.done}, lost {self.lost}, "
                f"wrong verdict {self.wrong_verdict}, judged twice {self.judged_twice}; "
                f"{self.submissions_per_second} submissions/s, POST p99 {self.post.p99_ms} ms, "
                f"GET p99 {self.get.p99_ms} ms, Redis peak "
                f"{self.redis_peak_used_memory_bytes / 2**20:.1f} MiB")


def build_mix(total: int, seed: int) -> list[Case]:
    """``total`` cases in the weights' proportions (largest remainders), shuffled."""
    weight = sum(c.weight for c in CASES)
    exact = [c.weight * total / weight for c in CASES]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(CASES)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    mix = [c for c, n in zip(CASES, counts, strict=True) for _ in range(n)]
    random.Random(seed).shuffle(mix)
    return mix


def verdict_of(result: SubmissionResult) -> Verdict:
    if not result.compile.ok:
        return Verdict.CE
    return worst_verdict([t.status for t in result.tests if t.status is not Verdict.SKIPPED])


class Recorder:
    """Latencies and error counts, shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {"post": [], "get": [], "batch_post": []}
        self.http_5xx = 0
        self.http_5xx_redis_down = 0
        self.connection_errors = 0
        self.redis_down = threading.Event()

    def call(self, kind: str, send: Any) -> httpx.Response | None:
        """Send one request (retrying while the API is unreachable); None if the
        API stayed unreachable for a minute."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                response: httpx.Response = send()
            except httpx.TransportError:
                with self.lock:
                    self.connection_errors += 1
                time.sleep(0.2)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                self.latencies[kind].append(elapsed)
                if response.status_code >= 500:
                    self.http_5xx += 1
                    self.http_5xx_redis_down += self.redis_down.is_set()
            if response.status_code < 500:
                return response
            time.sleep(0.2)
        return None

    def latency(self, kind: str) -> Latency:
        values = self.latencies[kind] or [0.0]
        return Latency(requests=len(self.latencies[kind]),
                       p50_ms=round(percentile(values, 0.5), 1),
                       p99_ms=round(percentile(values, 0.99), 1),
                       max_ms=round(max(values), 1))


class LoadRun:
    """One run of the load bench over a started service."""

    def __init__(self, service: ServiceProcesses, options: LoadOptions) -> None:
        self.service = service
        self.options = options
        self.client = service.client(timeout=120)
        self.audit = SubmissionAudit.connect(service.settings.redis_url)
        self.recorder = Recorder()
        self.ids: dict[str, Case] = {}
        self.id_list: list[str] = []
        self.ids_lock = threading.Lock()
        self.finished = threading.Event()
        self.progress = 0.0
        self.faults = Faults()
        self.killed: set[str] = set()
        self.redis_peak = 0

    def submit_batches(self, mix: list[Case]) -> None:
        for i in range(0, len(mix), 1000):
            chunk = mix[i:i + 1000]
            body = {"submissions": [c.request() for c in chunk]}
            key = {"Idempotency-Key": uuid.uuid4().hex}  # a retry must not submit twice
            response = self.recorder.call("batch_post", lambda b=body, k=key: self.client.post(
                "/v1/submissions/batch", json=b, headers=k))
            if response is None or response.status_code != 202:
                detail = "" if response is None else response.text[:300]
                raise RuntimeError(f"batch submit failed: {detail}")
            with self.ids_lock:
                self.ids.update(zip(response.json()["ids"], chunk, strict=True))
                self.id_list += response.json()["ids"]

    def warm_up(self, cases: list[Case]) -> None:
        """One submission of each case, judged before the chaos starts, so that
        every compilation is in the shared compile cache: a first compilation
        of message's grader takes longer than a worker lives under chaos, and
        would be killed again and again."""
        self.submit_batches(cases)
        self.wait_all(len(self.ids), with_faults=False)
        self.progress = 0.0

    def post_probe(self, count: int, case: Case) -> None:
        """Single POSTs, one every 0.5 s (part of the N submissions)."""
        with self.service.client(timeout=120) as client:
            for _ in range(count):
                body = case.request(priority="interactive")
                key = {"Idempotency-Key": uuid.uuid4().hex}
                response = self.recorder.call("post", lambda b=body, k=key: client.post(
                    "/v1/submissions", json=b, headers=k))
                if response is not None and response.status_code == 202:
                    with self.ids_lock:
                        self.ids[response.json()["id"]] = case
                        self.id_list.append(response.json()["id"])
                time.sleep(0.5)

    def get_probe(self) -> None:
        rng = random.Random()
        with self.service.client(timeout=120) as client:
            while not self.finished.is_set():
                with self.ids_lock:
                    pick = rng.choice(self.id_list) if self.id_list else None
                if pick is not None:
                    self.recorder.call("get", lambda p=pick: client.get(f"/v1/submissions/{p}"))
                time.sleep(0.05)

    def sample_memory(self) -> None:
        while not self.finished.is_set():
            with contextlib.suppress(redis.RedisError, OSError):
                self.redis_peak = max(self.redis_peak, self.service.redis.used_memory())
            time.sleep(0.5)

    def chaos(self) -> None:
        """Kill a random worker every kill_every seconds; restart Redis once past
        30 % of the work and the API once past 60 %."""
        rng = random.Random(self.options.seed)
        with contextlib.suppress(RuntimeError, IndexError):  # the service was stopped
            while not self.finished.wait(self.options.kill_every):
                self._inject_faults(rng)

    def _inject_faults(self, rng: random.Random) -> None:
        workers = self.service.workers
        if workers.procs:
            self.killed.add(workers.kill(workers.procs[rng.randrange(len(workers.procs))]))
            workers.start(1)
            self.faults.worker_kills += 1
        if self.faults.redis_restarts == 0 and self.progress >= 0.3:
            self.recorder.redis_down.set()
            self.service.redis.kill()
            time.sleep(self.options.redis_down_seconds)
            self.service.redis.start()
            self.faults.redis_restarts += 1
            time.sleep(3)  # clients see their reconnects through before the flag drops
            self.recorder.redis_down.clear()
        elif self.faults.api_restarts == 0 and self.progress >= 0.6:
            self.service.kill_api()
            self.service.start_api()
            self.faults.api_restarts += 1

    def faults_done(self) -> bool:
        """Under chaos, a run that finished before its Redis or API restart
        waits for them (both happen once progress reaches their mark)."""
        if not self.options.chaos:
            return True
        return self.faults.redis_restarts > 0 and self.faults.api_restarts > 0

    def wait_all(self, expected: int, with_faults: bool = True) -> None:
        """Until every submission finished (and, with_faults, every planned
        fault happened), or nothing finished for stall_seconds."""
        last_change, last_open = time.monotonic(), -1
        while time.monotonic() - last_change < self.options.stall_seconds:
            time.sleep(1.0)
            try:
                states = self.audit.statuses(list(self.ids))
            except (redis.RedisError, OSError):
                continue
            finished = sum(s in ("done", "error") for s in states)
            self.progress = finished / expected
            open_count = expected - finished
            if open_count != last_open:
                last_change, last_open = time.monotonic(), open_count
            if open_count == 0 and (self.faults_done() or not with_faults):
                return


class Tally(BaseModel):
    done: int = 0
    lost_by_status: dict[str, int] = Field(default_factory=dict)
    wrong: list[WrongVerdict] = Field(default_factory=list)
    judged_twice: int = 0
    refused: int = 0
    executions: int = 0
    reruns_after_kill: int = 0


def tally(run: LoadRun) -> Tally:
    """Check every submission against its case and the store's counters."""
    out = Tally()
    for audit in run.audit.audits(list(run.ids)):
        _count(out, audit, run.ids[audit.id], run.killed)
    return out


def _count(out: Tally, audit: JudgingAudit, case: Case, killed: set[str]) -> None:
    out.executions += audit.runs
    out.refused += audit.finishes_refused
    earlier = audit.workers[:-1]
    unexplained = [w for w in earlier if w not in killed]
    out.reruns_after_kill += len(earlier) - len(unexplained)
    if audit.finishes > 1 or unexplained:
        out.judged_twice += 1
    if audit.status != "done" or audit.result is None:
        key = audit.status.value if audit.status is not None else "missing"
        out.lost_by_status[key] = out.lost_by_status.get(key, 0) + 1
        return
    out.done += audit.finishes == 1
    got = f"{verdict_of(audit.result).value} {audit.result.score:g}"
    expected = f"{case.verdict.value} {case.score:g}"
    if got != expected:
        out.wrong.append(WrongVerdict(id=audit.id, case=case.name, expected=expected, got=got))


def _setup_problems(client: httpx.Client, packages: Path) -> dict[str, bytes]:
    """Upload the plain problem and the IOI packages; the IOI archives."""
    archives = {name: (packages / f"{name}-CMS.zip").read_bytes() for name in IOI_PROBLEMS}
    uploads = [(f"{PLAIN_ID}.zip", PLAIN.archive())]
    uploads += [(f"{name}-CMS.zip", data) for name, data in archives.items()]
    for filename, data in uploads:
        response = client.post("/v1/problems", files={"file": (filename, data)}, timeout=600)
        if response.status_code not in (200, 201):
            raise RuntimeError(f"upload of {filename} failed: {response.text[:300]}")
    return archives


def _with_sources(archives: dict[str, bytes], chaos: bool) -> list[Case]:
    """The cases, with the IOI reference solutions read from their archives."""
    cases = []
    for case in CASES:
        if chaos and case.name in CHAOS_OVERRIDES:
            case = case.model_copy(update=CHAOS_OVERRIDES[case.name])
        if case.solution:
            with zipfile.ZipFile(io.BytesIO(archives[case.problem])) as zf:
                name = next(n for n in zf.namelist() if n.endswith("/" + case.solution))
                case = case.model_copy(update={"source": zf.read(name).decode()})
        cases.append(case)
    return cases


def service_overrides(options: LoadOptions) -> dict[str, Any]:
    """Quicker abandoned-job detection (a killed worker's job is re-run after
    about 15 s, not 40) and sweeps than the defaults, and (under chaos) enough
    retries that a job whose worker is killed again and again still ends
    judged. The heartbeat grace stays well above the Redis restart, during
    which no heartbeat gets through: a live worker's job must not look
    abandoned."""
    return {"heartbeat_seconds": 1, "heartbeat_grace_seconds": 10, "maintenance_seconds": 3,
            "sweep_grace_seconds": 5, "job_timeout": 300,
            "job_retries": 100 if options.chaos else 2}


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # so that the service is stopped, not orphaned


def run_load_bench(options: LoadOptions) -> LoadReport:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp, \
            ServiceProcesses(Path(tmp), options.workers, service_overrides(options),
                             options.appendfsync, options.log_dir) as service:
        return _run(service, options)


def _run(service: ServiceProcesses, options: LoadOptions) -> LoadReport:
    probes = options.probe_posts or max(20, options.submissions // 50)
    probes = min(probes, options.submissions - (len(CASES) if options.chaos else 0))
    if probes < 0:
        raise ValueError(f"chaos runs need at least {len(CASES)} submissions")
    run = LoadRun(service, options)
    with run.client:
        archives = _setup_problems(run.client, options.packages)
        cases = _with_sources(archives, options.chaos)
        by_name = {c.name: c for c in cases}
        warm = cases if options.chaos else []
        if warm:
            run.warm_up(warm)
        mix = [by_name[c.name]
               for c in build_mix(options.submissions - probes - len(warm), options.seed)]
        threads = [threading.Thread(target=run.get_probe, daemon=True) for _ in range(2)]
        threads.append(threading.Thread(target=run.sample_memory, daemon=True))
        if options.chaos:
            threads.append(threading.Thread(target=run.chaos, daemon=True))
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        poster = threading.Thread(target=run.post_probe, args=(probes, by_name["py-ok"]),
                                  daemon=True)
        poster.start()
        run.submit_batches(mix)
        poster.join()
        run.wait_all(len(run.ids))
        wall = time.perf_counter() - started
        run.finished.set()
        for thread in threads:
            thread.join(timeout=120)
        return _report(run, options, tally(run), wall)


def _report(run: LoadRun, options: LoadOptions, counts: Tally, wall: float) -> LoadReport:
    total = len(run.ids)
    final_memory = swept = 0
    with contextlib.suppress(redis.RedisError, OSError):
        final_memory = run.service.redis.used_memory()
        swept = run.audit.requeued_by_sweep()
    return LoadReport(
        submissions=total, workers=options.workers, chaos=options.chaos,
        appendfsync=options.appendfsync,
        mix=dict(Counter(c.name for c in run.ids.values())),
        done=counts.done, lost=sum(counts.lost_by_status.values()),
        lost_by_status=dict(counts.lost_by_status),
        wrong_verdict=len(counts.wrong), wrong_verdict_examples=counts.wrong[:5],
        judged_twice=counts.judged_twice, results_refused=counts.refused,
        executions=counts.executions, reruns_after_kill=counts.reruns_after_kill,
        sweep_requeued=swept,
        faults=run.faults, redis_peak_used_memory_bytes=run.redis_peak,
        redis_final_used_memory_bytes=final_memory,
        post=run.recorder.latency("post"), get=run.recorder.latency("get"),
        batch_post=run.recorder.latency("batch_post"),
        http_5xx=run.recorder.http_5xx,
        http_5xx_while_redis_down=run.recorder.http_5xx_redis_down,
        connection_errors=run.recorder.connection_errors,
        wall_seconds=round(wall, 1), submissions_per_second=round(total / wall, 2),
    )

