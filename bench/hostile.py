"""``ioi-judge bench hostile``: hostile submissions at volume.

Starts a private service (:class:`bench.harness.ServiceProcesses`: its own
redis-server, the API and W worker processes) on a private box root, uploads
small plain stdin/stdout problems it writes itself (count the primes up to
``n``, one test each, sized so that a normal solution takes ~0.3 s of CPU) and
IOI 2024's aplusb, then:

1. quiet: judges the normal submissions alone, one at a time, ``rounds`` times
   each, recording their per-test CPU times;
2. hostile: submits N hostile programs (the sandbox's adversarial programs of
   :data:`bench.SANDBOX_PROGRAMS`: fork bomb, heap bomb, output flood, sleepers,
   busy loops, thread bomb, stack overflow, ...) in one batch, with the same
   normal submissions spread evenly between them, all through the API.

It reports whether the normal submissions kept their verdicts, their median CPU
time quiet vs under the hostile load, whether every hostile submission got its
expected verdict, whether a worker died or a job was re-run, and what was left
on the host once the service stopped (processes and cgroups of the service's
slots, files in its box root, files of sandbox uids in /tmp, /dev/shm, /var/tmp).
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel, Field

from bench import SANDBOX_PROGRAMS
from bench.harness import ServiceProcesses
from bench.problems import PlainProblem
from judge.importers.plain import PlainSpec
from judge.sandbox import cgroups
from judge.sandbox.identity import Identity
from judge.sandbox.sandbox import SLOTS, UID_BASE

TIMED_MIN_SECONDS = 0.05  # below this a CPU-time ratio is timer noise

SIEVE_CPP = """// Counts primes up to n with a byte sieve: memory-bound (n bytes).
#include <cstdio>
#include <vector>
int main() {
    long n;
    if (scanf("%ld", &n) != 1) return 1;
    std::vector<char> composite(n + 1, 0);
    long count = 0;
    for (long i = 2; i <= n; i++) {
        if (composite[i]) continue;
        count++;
        for (long j = i * i; j <= n; j += i) composite[j] = 1;
    }
    printf("%ld\\n", count);
}
"""
TRIAL_CPP = """// Counts primes up to n by trial division: compute-bound, no memory traffic.
#include <cstdio>
int main() {
    long n;
    if (scanf("%ld", &n) != 1) return 1;
    long count = n >= 2;
    for (long k = 3; k <= n; k += 2) {
        bool prime = true;
        for (long d = 3; d * d <= k; d += 2)
            if (k % d == 0) { prime = false; break; }
        count += prime;
    }
    printf("%ld\\n", count);
}
"""
SIEVE_PY = """# Counts primes up to n with a sieve in plain Python loops: interpreter-bound.
n = int(input())
composite = bytearray(n + 1)
count = 0
for i in range(2, n + 1):
    if composite[i]:
        continue
    count += 1
    for j in range(i * i, n + 1, i):
        composite[j] = 1
print(count)
"""
PIPE_READ_CPP = """// Blocks reading its own empty pipe: TLE (wall).
#include <unistd.h>
int main() { int p[2]; char c; if (pipe(p)) return 1; return (int)read(p[0], &c, 1); }
"""
STACK_OVERFLOW_CPP = """// Recurses without end: the unlimited stack grows into the memory limit.
#include <cstdio>
long down(long n) { volatile char pad[4096]; pad[0] = (char)n; return down(n + 1) + pad[0]; }
int main() { printf("%ld\\n", down(0)); }
"""

# problem id -> n (one test: count the primes up to n), sized for ~0.3 s of CPU
PROBLEMS = {"hb-sieve": 50_000_000, "hb-trial": 3_000_000, "hb-pysieve": 2_000_000}
HOSTILE_PROBLEM = "hb-pysieve"
APLUSB = "aplusb"

# sandbox adversarial program (tests/sandbox/programs) -> verdict under a
# contestant's limits (1 s CPU, 4 s wall, 256 MiB, 1 process, 64 MiB output)
HOSTILE_FILES = {
    "busy.cpp": "TLE", "busy.py": "TLE",
    "forkbomb.cpp": "TLE", "forkbomb.py": "TLE",  # forks fail (1 process), then a busy loop
    "threads.cpp": "RE", "threads.py": "RE",  # thread bomb: thread creation fails
    "heap_bomb.cpp": "MLE", "heap_bomb.py": "MLE",
    "static_array.cpp": "MLE", "recursion.cpp": "MLE",  # 1 GiB array / 1 GiB of stack
    "stdout_flood.cpp": "OLE", "stdout_flood.py": "OLE",
    "big_file.cpp": "OLE", "big_file.py": "OLE",
    "sleep.cpp": "TLE", "sleep.py": "TLE",
    "pause.cpp": "TLE", "pause.py": "TLE",
    "select.cpp": "TLE", "select_forever.py": "TLE",
    "sigstop.cpp": "TLE", "sigstop.py": "TLE",
    "kill_all.cpp": "WA", "kill_all.py": "WA",  # kill(-1): nothing to kill; no output
    "abort.cpp": "RE", "exit3.cpp": "RE",
}  # fmt: skip


@dataclass(frozen=True)
class Program:
    name: str
    problem: str
    language: str
    source: str
    expected: str  # verdict of its (single) test, or "AC" for every test
    hostile: bool = False


class NormalFigures(BaseModel):
    name: str
    problem: str
    quiet_verdicts: dict[str, int] = Field(description="Verdict -> rounds, quiet (AC expected).")
    loaded_verdicts: dict[str, int] = Field(description="Verdict -> rounds under hostile load.")
    busy_verdicts: dict[str, int] = Field(description="Verdict -> rounds, control phase.")
    quiet_cpu_median_s: float = Field(description="Median CPU time of one test, quiet.")
    loaded_cpu_median_s: float = Field(description="Median CPU time of one test, under load.")
    loaded_cpu_max_s: float = Field(description="Slowest test under hostile load.")
    ratio: float = Field(description="loaded / quiet median.")
    min_ratio: float = Field(description="loaded / quiet fastest test: external load on the "
                             "host only adds time, so this shows a systematic slowdown best.")
    busy_cpu_median_s: float | None = Field(
        None, description="Control: median with only normal submissions keeping the workers busy."
    )
    busy_ratio: float | None = Field(None, description="busy / quiet median (control).")
    timed: bool = Field(description=f"Quiet median >= {TIMED_MIN_SECONDS} s: counts for max_ratio.")


class HostCheck(BaseModel):
    leftover_processes: int = Field(description="Processes still in this service's slot cgroups.")
    leftover_cgroups: int = Field(description="Cgroups of this service's sandboxes left once it "
                                  "stopped (not removed at close, or busy).")
    box_root_entries: int = Field(description="Files and folders left in the service's box root.")
    sandbox_uid_files: list[str] = Field(description="Files of sandbox uids in /tmp, /dev/shm, "
                                         "/var/tmp (any judge on the host).")
    sandbox_uid_processes: int = Field(description="Processes of sandbox uids on the host, any "
                                       "judge (other judges running at the same time count).")
    tmp_new_entries: list[str] = Field(description="Entries of /tmp that appeared during the run "
                                       "(other programs on the host count too).")


class HostileBench(BaseModel):
    workers: int
    hostile: int = Field(description="Hostile submissions in the loaded phase.")
    normal: int = Field(description="Normal submissions in the loaded phase.")
    rounds: int = Field(description="Quiet rounds per normal program.")
    hostile_kinds: int
    hostile_as_expected: bool
    hostile_unexpected: dict[str, int] = Field(description="'program: got verdict' -> count.")
    hostile_verdicts: dict[str, int]
    normal_verdict_mismatches: int = Field(description="Normal runs, quiet, loaded or control, "
                                           "that did not get AC (must be 0).")
    normal_programs: list[NormalFigures]
    max_ratio: float = Field(description="Largest loaded/quiet CPU median over timed programs.")
    max_min_ratio: float = Field(description="Largest loaded/quiet fastest test, timed programs.")
    max_busy_ratio: float | None = Field(
        None, description="Largest busy/quiet CPU median (control: load without hostile ones)."
    )
    hostile_cpu_tle_max_cpu_s: float = Field(description="Most CPU time of a hostile CPU-time "
                                             "TLE (limit 1 s): how promptly it was killed.")
    hostile_wall_tle_max_wall_s: float = Field(description="Longest hostile wall-time TLE "
                                               "(limit 4 s).")
    hostile_other_max_wall_s: float = Field(description="Longest wall time of a hostile run "
                                            "that was not a TLE (MLE, OLE, RE, WA).")
    loaded_seconds: float = Field(description="Wall time of the hostile phase.")
    reruns: int = Field(description="Jobs started more than once (a worker died mid-job).")
    worker_deaths: int = Field(description="Worker processes that exited during the bench.")
    host: HostCheck
    load_average: list[float] = Field(description="os.getloadavg() at the end (others' load).")

    def summary(self) -> str:
        return (f"{self.hostile} hostile + {self.normal} normal, {self.workers} workers: "
                f"hostile as expected {self.hostile_as_expected}, normal mismatches "
                f"{self.normal_verdict_mismatches}, max CPU ratio {self.max_ratio}")


def _primes_up_to(n: int) -> int:
    sieve = bytearray([1]) * (n + 1)
    sieve[0:2] = b"\0\0"
    for i in range(2, int(n**0.5) + 1):
        if sieve[i]:
            sieve[i * i :: i] = bytes(len(range(i * i, n + 1, i)))
    return sum(sieve)


def _problem_zip(problem_id: str, n: int) -> bytes:
    spec = PlainSpec(id=problem_id, name=f"Primes up to {n}", time_limit=1.0,
                     memory_limit_mb=256)
    return PlainProblem(spec, {"t1": (f"{n}\n", f"{_primes_up_to(n)}\n")}).archive()


def normal_programs(packages: Path | None) -> list[Program]:
    """The normal submissions: CPU-bound correct solutions, and aplusb's if at hand."""
    progs = [
        Program("sieve.cpp", "hb-sieve", "cpp17", SIEVE_CPP, "AC"),
        Program("trial.cpp", "hb-trial", "cpp17", TRIAL_CPP, "AC"),
        Program("sieve.py", "hb-pysieve", "python3", SIEVE_PY, "AC"),
    ]
    if packages is not None and (packages / f"{APLUSB}-CMS.zip").exists():
        with zipfile.ZipFile(packages / f"{APLUSB}-CMS.zip") as zf:
            for name in sorted(zf.namelist()):
                wanted = "/solutions/model_solution/" in name or "/solutions/correct/" in name
                if wanted and name.endswith(".cpp"):
                    source = zf.read(name).decode()
                    progs.append(Program(f"aplusb/{Path(name).name}", APLUSB, "cpp17", source,
                                         "AC"))
    return progs


def hostile_programs(programs_dir: Path = SANDBOX_PROGRAMS) -> list[Program]:
    """One of each kind of hostile program, in a fixed order."""
    if not programs_dir.is_dir():
        raise RuntimeError(f"{programs_dir} not found: run the bench from a checkout")
    found = [
        Program(name, HOSTILE_PROBLEM, "cpp17" if name.endswith(".cpp") else "python3",
                (programs_dir / name).read_text(), verdict, hostile=True)
        for name, verdict in HOSTILE_FILES.items()
    ]  # fmt: skip
    found.append(Program("pipe_read.cpp", HOSTILE_PROBLEM, "cpp17", PIPE_READ_CPP, "TLE",
                         hostile=True))
    found.append(Program("stack_overflow.cpp", HOSTILE_PROBLEM, "cpp17", STACK_OVERFLOW_CPP,
                         "MLE", hostile=True))
    return found


def interleave(hostile: list[Program], count: int, normal: list[Program],
               rounds: int) -> list[Program]:
    """``count`` hostile programs (cycling through the kinds) with ``rounds`` copies
    of each normal program spread evenly between them."""
    work = [hostile[i % len(hostile)] for i in range(count)]
    normals = [p for _ in range(rounds) for p in normal]
    step = max(1, len(work) // (len(normals) + 1))
    out: list[Program] = []
    for i, prog in enumerate(work):
        if i and i % step == 0 and normals:
            out.append(normals.pop(0))
        out.append(prog)
    return out + normals


def _request(prog: Program) -> dict[str, Any]:
    return {"problem_id": prog.problem, "language": prog.language, "source": prog.source,
            "priority": "batch", "metadata": {"bench": prog.name}}


def _verdict(state: dict[str, Any]) -> str:
    """The submission's verdict: its single test's, or AC/score for several."""
    if state.get("status") != "done":
        return f"{state.get('status')}: {state.get('error')}"
    result = state["result"]
    if result.get("compile", {}).get("status", "OK") != "OK":
        return f"CE: {result['compile'].get('message', '')[:60]}"
    tests = result["tests"]
    statuses = sorted({t["status"] for t in tests})
    if len(tests) == 1:
        return str(tests[0]["status"])
    return "AC" if statuses == ["AC"] else f"{'/'.join(statuses)} score {result['score']}"


def _cpu(state: dict[str, Any]) -> list[float]:
    if state.get("status") != "done":
        return []
    return [float(t["cpu_time"]) for t in state["result"]["tests"] if t["status"] != "SKIPPED"]


def _judge_all(client: httpx.Client, progs: list[Program]) -> list[dict[str, Any]]:
    """Submit in one batch (judged in this order) and wait for every result."""
    ids: list[str] = []
    for i in range(0, len(progs), 1000):
        batch = [_request(p) for p in progs[i : i + 1000]]
        answer = client.post("/v1/submissions/batch", json={"submissions": batch})
        answer.raise_for_status()
        ids += answer.json()["ids"]
    deadline = time.monotonic() + 600 + 30 * len(ids)  # a stuck service fails the bench
    states: list[dict[str, Any]] = []
    for i in range(0, len(ids), 200):
        chunk = ids[i : i + 200]
        while True:
            got = client.get("/v1/submissions", params={"ids": ",".join(chunk), "wait": 250},
                             timeout=300).json()
            if all(s["status"] in ("done", "error") for s in got):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("submissions did not finish in time")
        states += got
    return states


def _judge_one(client: httpx.Client, prog: Program) -> dict[str, Any]:
    answer = client.post("/v1/submissions", params={"wait": 250}, json=_request(prog),
                         timeout=300)
    answer.raise_for_status()
    state: dict[str, Any] = answer.json()
    deadline = time.monotonic() + 900
    while state.get("status") not in ("done", "error"):
        if time.monotonic() > deadline:
            raise RuntimeError(f"submission {state.get('id')} did not finish in time")
        state = client.get(f"/v1/submissions/{state['id']}", params={"wait": 250},
                           timeout=300).json()
    return state


@dataclass
class Samples:
    verdicts: list[str]
    cpu: list[float]


def _quiet_phase(client: httpx.Client, normal: list[Program], rounds: int
                 ) -> dict[str, Samples]:
    for prog in normal:  # warm-up: compile caches, page cache of the inputs
        _judge_one(client, prog)
    samples = {p.name: Samples([], []) for p in normal}
    for _ in range(rounds):
        for prog in normal:
            state = _judge_one(client, prog)
            samples[prog.name].verdicts.append(_verdict(state))
            samples[prog.name].cpu += _cpu(state)
    return samples


def _figures(prog: Program, quiet: Samples, loaded: Samples,
             busy: Samples | None) -> NormalFigures:
    q = statistics.median(quiet.cpu) if quiet.cpu else 0.0
    loaded_median = statistics.median(loaded.cpu) if loaded.cpu else 0.0
    busy_median = statistics.median(busy.cpu) if busy is not None and busy.cpu else None
    return NormalFigures(
        name=prog.name, problem=prog.problem, quiet_verdicts=_counts(quiet.verdicts),
        loaded_verdicts=_counts(loaded.verdicts),
        busy_verdicts=_counts(busy.verdicts if busy is not None else []),
        quiet_cpu_median_s=round(q, 4), loaded_cpu_median_s=round(loaded_median, 4),
        loaded_cpu_max_s=round(max(loaded.cpu, default=0.0), 4),
        ratio=round(loaded_median / q, 3) if q > 0 else 0.0,
        min_ratio=round(min(loaded.cpu) / min(quiet.cpu), 3) if q > 0 and loaded.cpu else 0.0,
        busy_cpu_median_s=None if busy_median is None else round(busy_median, 4),
        busy_ratio=None if busy_median is None or q <= 0 else round(busy_median / q, 3),
        timed=q >= TIMED_MIN_SECONDS,
    )  # fmt: skip


def _counts(verdicts: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for verdict in verdicts:
        out[verdict] = out.get(verdict, 0) + 1
    return out


def _promptness(progs: list[Program], states: list[dict[str, Any]]) -> tuple[float, float, float]:
    """(most CPU of a CPU TLE, longest wall TLE, longest other run) among hostile tests."""
    cpu_tle = wall_tle = other = 0.0
    for prog, state in zip(progs, states, strict=True):
        if not prog.hostile or state.get("status") != "done":
            continue
        for test in state["result"]["tests"]:
            message = str(test.get("message", ""))
            if test["status"] == "TLE" and "(cpu)" in message:
                cpu_tle = max(cpu_tle, float(test["cpu_time"]))
            elif test["status"] == "TLE":
                wall_tle = max(wall_tle, float(test["wall_time"]))
            else:
                other = max(other, float(test["wall_time"]))
    return round(cpu_tle, 3), round(wall_tle, 3), round(other, 3)


def _uid_processes(low: int, high: int) -> int:
    count = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if low <= entry.stat().st_uid < high:
                    count += 1
            except OSError:
                continue
    return count


def _uid_files(low: int, high: int) -> list[str]:
    found = []
    for root in ("/tmp", "/dev/shm", "/var/tmp"):
        with os.scandir(root) as entries:
            for entry in entries:
                try:
                    if low <= entry.stat(follow_symlinks=False).st_uid < high:
                        found.append(entry.path)
                except OSError:
                    continue
    return found


def _remove_cgroups(before: set[Path]) -> tuple[int, int]:
    """(processes left in the cgroups of the service's workers, cgroups that
    would not go): their sandboxes remove their cgroups when they close, so
    any new one whose owner is dead was left behind."""
    processes = busy = 0
    for group, v2 in cgroups.groups():
        owner = Identity.parse(group.name)
        if group in before or owner is None or owner.alive() is not False:
            continue
        found, stuck = cgroups.remove_group(group, v2)
        processes, busy = processes + found, busy + stuck + 1
    return processes, busy


def _host_check(processes: int, busy: int, entries: int, tmp_before: set[str]) -> HostCheck:
    """Once the service and the bench's temporary folders are gone."""
    high = UID_BASE + SLOTS
    return HostCheck(
        leftover_processes=processes, leftover_cgroups=busy, box_root_entries=entries,
        sandbox_uid_files=_uid_files(UID_BASE, high),
        sandbox_uid_processes=_uid_processes(UID_BASE, high),
        tmp_new_entries=sorted(set(os.listdir("/tmp")) - tmp_before),
    )  # fmt: skip


def _upload(client: httpx.Client, packages: Path | None) -> None:
    for problem_id, n in PROBLEMS.items():
        data = _problem_zip(problem_id, n)
        client.post("/v1/problems", files={"file": (f"{problem_id}.zip", data)}
                    ).raise_for_status()
    if packages is not None and (packages / f"{APLUSB}-CMS.zip").exists():
        data = (packages / f"{APLUSB}-CMS.zip").read_bytes()
        client.post("/v1/problems", files={"file": (f"{APLUSB}-CMS.zip", data)}
                    ).raise_for_status()


def _tally(progs: list[Program], states: list[dict[str, Any]]
           ) -> tuple[dict[str, Samples], dict[str, int], dict[str, int]]:
    loaded: dict[str, Samples] = {}
    verdicts: dict[str, int] = {}
    unexpected: dict[str, int] = {}
    for prog, state in zip(progs, states, strict=True):
        verdict = _verdict(state)
        if prog.hostile:
            verdicts[verdict] = verdicts.get(verdict, 0) + 1
            if verdict != prog.expected:
                key = f"{prog.name}: {verdict}"
                unexpected[key] = unexpected.get(key, 0) + 1
            continue
        samples = loaded.setdefault(prog.name, Samples([], []))
        samples.verdicts.append(verdict)
        samples.cpu += _cpu(state)
    return loaded, verdicts, unexpected


def _busy_phase(client: httpx.Client, normal: list[Program], rounds: int
                ) -> dict[str, Samples]:
    """Control: the normal submissions alone in one batch (every worker busy)."""
    work = [p for _ in range(rounds) for p in normal]
    samples = {p.name: Samples([], []) for p in normal}
    for prog, state in zip(work, _judge_all(client, work), strict=True):
        samples[prog.name].verdicts.append(_verdict(state))
        samples[prog.name].cpu += _cpu(state)
    return samples


def run_hostile_bench(hostile: int, workers: int, rounds: int, packages: Path | None,
                      control: bool = True) -> HostileBench:
    """See the module's docstring; ``control`` adds the normal-only busy phase."""
    normal = normal_programs(packages)
    kinds = hostile_programs()
    work = interleave(kinds, hostile, normal, rounds)
    tmp_before = set(os.listdir("/tmp"))
    groups_before = {group for group, _ in cgroups.groups()}
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp, \
            tempfile.TemporaryDirectory(prefix="ioi-judge-bench-", dir="/dev/shm") as shm:
        os.chmod(shm, 0o755)
        box_root = Path(shm) / "boxes"
        with ServiceProcesses(Path(tmp), workers, {"box_root": box_root}) as service, \
                service.client(timeout=300) as client:
            _upload(client, packages)
            quiet = _quiet_phase(client, normal, rounds)
            busy = _busy_phase(client, normal, rounds) if control else None
            started = time.monotonic()
            states = _judge_all(client, work)
            loaded_seconds = time.monotonic() - started
            deaths = sum(proc.poll() is not None for proc in service.workers.procs)
        processes, stuck = _remove_cgroups(groups_before)
        entries = sum(1 for _ in box_root.rglob("*")) if box_root.exists() else 0
        shutil.rmtree(box_root, ignore_errors=True)
    host = _host_check(processes, stuck, entries, tmp_before)
    loaded, verdicts, unexpected = _tally(work, states)
    figures = [_figures(p, quiet[p.name], loaded.get(p.name, Samples([], [])),
                        None if busy is None else busy[p.name]) for p in normal]
    mismatches = sum(n for f in figures
                     for counts in (f.quiet_verdicts, f.loaded_verdicts, f.busy_verdicts)
                     for verdict, n in counts.items() if verdict != "AC")  # fmt: skip
    timed = [f.ratio for f in figures if f.timed]
    busy_ratios = [f.busy_ratio for f in figures if f.timed and f.busy_ratio is not None]
    cpu_tle, wall_tle, other = _promptness(work, states)
    return HostileBench(
        workers=workers, hostile=hostile, normal=len(work) - hostile, rounds=rounds,
        hostile_kinds=len(kinds), hostile_as_expected=not unexpected,
        hostile_unexpected=unexpected, hostile_verdicts=verdicts,
        normal_verdict_mismatches=mismatches, normal_programs=figures,
        max_ratio=max(timed, default=0.0),
        max_min_ratio=max((f.min_ratio for f in figures if f.timed), default=0.0),
        max_busy_ratio=max(busy_ratios, default=None),
        hostile_cpu_tle_max_cpu_s=cpu_tle, hostile_wall_tle_max_wall_s=wall_tle,
        hostile_other_max_wall_s=other, loaded_seconds=round(loaded_seconds, 1),
        reruns=sum(max(0, int(s.get("runs", 1)) - 1) for s in states),
        worker_deaths=deaths, host=host,
        load_average=[round(x, 2) for x in os.getloadavg()],
    )  # fmt: skip

