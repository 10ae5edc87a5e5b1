"""``ioi-judge bench sandbox``: the cost of one sandboxed run.

A trivial static C++ binary is run ``runs`` times bare (spawned from Python
with ``subprocess.run``) and ``runs`` times through the sandbox (one box, the
binary exec'ed from its host path by the launcher), in one process; the two
are interleaved in rounds so load changes on the host hit both alike. The
overhead is the difference of the medians.
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from pydantic import BaseModel, Field

from bench.stats import percentile
from judge.sandbox import Limits, RunSpec, RunStatus, Sandbox
from judge.settings import Settings

TRIVIAL = "int main() { return 0; }\n"
ROUND = 25


class SandboxBench(BaseModel):
    runs: int
    isolation: str
    bare_median_ms: float = Field(description="subprocess.run of the binary from Python.")
    sandboxed_median_ms: float = Field(description="Box.run of the same binary.")
    overhead_ms: float = Field(description="Sandboxed minus bare median, per run.")
    bare_p90_ms: float
    sandboxed_p90_ms: float

    def summary(self) -> str:
        return (f"bare {self.bare_median_ms:.3f} ms, sandboxed {self.sandboxed_median_ms:.3f} ms, "
                f"overhead {self.overhead_ms:.3f} ms per run ({self.isolation})")


def _build(workdir: Path) -> Path:
    source, binary = workdir / "trivial.cpp", workdir / "trivial"
    source.write_text(TRIVIAL)
    cmd = ["g++", "-O2", "-static", "-o", str(binary), str(source)]
    subprocess.run(cmd, check=True, capture_output=True)
    binary.chmod(0o755)
    return binary


def _timed_bare(binary: Path, count: int, into: list[float]) -> None:
    for _ in range(count):
        start = time.perf_counter()
        subprocess.run([str(binary)], check=True)
        into.append(time.perf_counter() - start)


def _timed_sandboxed(sandbox: Sandbox, binary: Path, count: int, into: list[float]) -> None:
    spec = RunSpec(argv=["trivial"], executable=binary, limits=Limits(cpu_time=1, wall_time=2))
    with sandbox.box() as box:
        for _ in range(count):
            start = time.perf_counter()
            result = box.run(spec)
            into.append(time.perf_counter() - start)
            if result.status is not RunStatus.OK:
                raise RuntimeError(f"sandboxed trivial run failed: {result}")


def _ms(values: list[float], q: float) -> float:
    return round(percentile(values, q) * 1000, 3)


def run_sandbox_bench(settings: Settings, runs: int = 500) -> SandboxBench:
    sandbox = Sandbox.from_settings(settings)
    bare: list[float] = []
    boxed: list[float] = []
    try:
        with tempfile.TemporaryDirectory(prefix="ioi-bench-") as tmp:
            Path(tmp).chmod(0o755)
            binary = _build(Path(tmp))
            _timed_bare(binary, 10, [])  # warm up: page cache, launcher start
            _timed_sandboxed(sandbox, binary, 10, [])
            done = 0
            while done < runs:
                count = min(ROUND, runs - done)
                _timed_bare(binary, count, bare)
                _timed_sandboxed(sandbox, binary, count, boxed)
                done += count
    finally:
        sandbox.close()
    bare_ms = statistics.median(bare) * 1000
    boxed_ms = statistics.median(boxed) * 1000
    return SandboxBench(
        runs=runs,
        isolation=sandbox.isolation,
        bare_median_ms=round(bare_ms, 3),
        sandboxed_median_ms=round(boxed_ms, 3),
        overhead_ms=round(boxed_ms - bare_ms, 3),
        bare_p90_ms=_ms(bare, 0.9),
        sandboxed_p90_ms=_ms(boxed, 0.9),
    )
