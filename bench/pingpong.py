"""``ioi-judge bench pingpong``: the CPU time the sandbox bills two processes
that talk through FIFOs (a Communication test's shape), pinned to one CPU (the
default, :mod:`judge.sandbox.cpus`) and unpinned.

Two copies of ``tests/sandbox/programs/pingpong.cpp`` exchange ``rounds``
numbers, one run group per run, one group at a time (an otherwise idle
machine is where unpinned runs are billed most on a VM: each wake-up of an
idle virtual CPU). The report gives the median summed CPU time and wall time of
the group per mode; the work is the same in both, so on a host where pinning
changes nothing the two agree."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from pydantic import BaseModel, Field

from bench import SANDBOX_PROGRAMS
from judge.sandbox import Limits, RunSpec, RunStatus, Sandbox
from judge.settings import Settings


class PingPongBench(BaseModel):
    runs: int
    rounds: int = Field(description="Numbers sent each way per run.")
    isolation: str
    cpus: int = Field(description="CPUs the judge may use.")
    pinned_cpu_ms: float = Field(description="Median CPU time of both processes, pinned.")
    unpinned_cpu_ms: float = Field(description="Median CPU time of both processes, unpinned.")
    pinned_wall_ms: float
    unpinned_wall_ms: float

    def summary(self) -> str:
        return (f"{self.rounds} round trips: CPU {self.pinned_cpu_ms:.0f} ms pinned, "
                f"{self.unpinned_cpu_ms:.0f} ms unpinned; wall {self.pinned_wall_ms:.0f} / "
                f"{self.unpinned_wall_ms:.0f} ms ({self.runs} runs, {self.cpus} CPUs, "
                f"{self.isolation})")


def _group(sandbox: Sandbox, binary: Path, rounds: int) -> tuple[float, float]:
    """(CPU seconds of both, wall seconds of the longer) of one exchange."""
    limits = Limits(cpu_time=60.0, wall_time=120.0)
    with sandbox.boxes(2) as (a, b):
        for name in ("there", "back"):  # in box a, hard-linked into b (as fifo_io does)
            os.mkfifo(a.path / name, 0o666)
            os.chmod(a.path / name, 0o666)
            os.link(a.path / name, b.path / name)
        specs = [(box, RunSpec(argv=["pingpong", str(rounds), role, "there", "back"],
                               executable=binary, limits=limits))
                 for box, role in ((a, "lead"), (b, "echo"))]
        results = sandbox.run_group(specs)
    if any(r.status is not RunStatus.OK for r in results):
        raise RuntimeError(f"pingpong failed: {results}")
    return sum(r.cpu_time for r in results), max(r.wall_time for r in results)


def _medians(sandbox: Sandbox, binary: Path, rounds: int, runs: int) -> tuple[float, float]:
    samples = [_group(sandbox, binary, rounds) for _ in range(runs)]
    return (round(statistics.median(s[0] for s in samples) * 1000, 1),
            round(statistics.median(s[1] for s in samples) * 1000, 1))


def run_pingpong_bench(settings: Settings, runs: int = 10, rounds: int = 20000) -> PingPongBench:
    with tempfile.TemporaryDirectory(prefix="ioi-bench-") as tmp:
        Path(tmp).chmod(0o755)
        binary = Path(tmp) / "pingpong"
        subprocess.run(["g++", "-O2", "-o", str(binary), str(SANDBOX_PROGRAMS / "pingpong.cpp")],
                       check=True, capture_output=True)
        medians = {}
        for pinned in (True, False):
            sandbox = Sandbox.from_settings(settings.model_copy(
                update={"sandbox_pin_cpus": pinned}))
            try:
                medians[pinned] = _medians(sandbox, binary, rounds, runs)
            finally:
                sandbox.close()
    return PingPongBench(
        runs=runs, rounds=rounds, isolation=sandbox.isolation, cpus=len(os.sched_getaffinity(0)),
        pinned_cpu_ms=medians[True][0], unpinned_cpu_ms=medians[False][0],
        pinned_wall_ms=medians[True][1], unpinned_wall_ms=medians[False][1],
    )
