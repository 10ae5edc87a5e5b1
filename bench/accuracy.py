"""``ioi-judge bench accuracy``: how exactly the sandbox measures CPU time and memory.

Two of the sandbox test programs (``tests/sandbox/programs``), compiled with
``g++ -O2``: ``burn`` spends ``cpu`` seconds of CPU by its own clock
(``CLOCK_PROCESS_CPUTIME_ID``), ``touch_memory`` touches ``memory`` MiB; each runs
``runs`` times through one box. The report is the error of what the sandbox
says (CPU time from the cgroup, or rusage when degraded; peak memory of the
cgroup, or maxrss) against what the program did: median and worst, per kind.
The tests assert bounds on single runs (``test_sandbox_accuracy.py``); this
gives the distribution, on any host, v1, v2 or degraded.
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
from pathlib import Path

from pydantic import BaseModel, Field

from bench import SANDBOX_PROGRAMS
from judge.sandbox import Limits, RunSpec, RunStatus, Sandbox
from judge.settings import Settings

MiB = 1 << 20


class AccuracyBench(BaseModel):
    runs: int
    isolation: str
    cpu_seconds: float = Field(description="CPU time each burn run spends (its own clock).")
    cpu_median_error_ms: float = Field(description="Median of reported minus spent, in ms.")
    cpu_worst_error_ms: float = Field(description="Largest |reported - spent|, in ms.")
    memory_mib: int = Field(description="MiB each touch_memory run touches.")
    memory_median_error_mib: float = Field(description="Median of reported peak minus touched.")
    memory_worst_error_mib: float = Field(description="Largest |reported peak - touched|.")

    def summary(self) -> str:
        return (f"CPU {self.cpu_seconds} s: median error {self.cpu_median_error_ms:+.1f} ms, "
                f"worst {self.cpu_worst_error_ms:.1f} ms; memory {self.memory_mib} MiB: median "
                f"error {self.memory_median_error_mib:+.2f} MiB, worst "
                f"{self.memory_worst_error_mib:.2f} MiB ({self.runs} runs, {self.isolation})")


def _compile(name: str, workdir: Path) -> Path:
    binary = workdir / name
    cmd = ["g++", "-O2", "-o", str(binary), str(SANDBOX_PROGRAMS / f"{name}.cpp")]
    subprocess.run(cmd, check=True, capture_output=True)
    return binary


def _errors(sandbox: Sandbox, spec: RunSpec, runs: int, target: float, field: str) -> list[float]:
    errors = []
    with sandbox.box() as box:
        for _ in range(runs):
            result = box.run(spec)
            if result.status is not RunStatus.OK:
                raise RuntimeError(f"{spec.argv[0]} failed: {result}")
            errors.append(float(getattr(result, field)) - target)
    return errors


def run_accuracy_bench(settings: Settings, runs: int = 20, cpu: float = 0.5,
                       memory: int = 256) -> AccuracyBench:
    """``memory`` MiB and ``cpu`` seconds; time limits leave ample room (a slow
    host, such as the UML guest of tests/vm/, must not turn a run into a TLE)."""
    sandbox = Sandbox.from_settings(settings)
    roomy = Limits(cpu_time=cpu * 4 + 30, wall_time=cpu * 8 + 60, memory=2 * memory * MiB)
    try:
        with tempfile.TemporaryDirectory(prefix="ioi-bench-") as tmp:
            Path(tmp).chmod(0o755)
            burn, touch = _compile("burn", Path(tmp)), _compile("touch_memory", Path(tmp))
            cpu_err = _errors(sandbox, RunSpec(argv=["burn", str(cpu)], executable=burn,
                                               limits=roomy), runs, cpu, "cpu_time")
            mem_err = _errors(sandbox, RunSpec(argv=["touch_memory", str(memory)],
                                               executable=touch, limits=roomy),
                              runs, memory * MiB, "memory")
    finally:
        sandbox.close()
    return AccuracyBench(
        runs=runs, isolation=sandbox.isolation, cpu_seconds=cpu,
        cpu_median_error_ms=round(statistics.median(cpu_err) * 1000, 1),
        cpu_worst_error_ms=round(max(map(abs, cpu_err)) * 1000, 1),
        memory_mib=memory,
        memory_median_error_mib=round(statistics.median(mem_err) / MiB, 2),
        memory_worst_error_mib=round(max(map(abs, mem_err)) / MiB, 2),
    )
