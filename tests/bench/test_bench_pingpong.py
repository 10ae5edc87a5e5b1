"""``ioi-judge bench pingpong`` on this host's real sandbox (a few short exchanges)."""

from __future__ import annotations

from pathlib import Path

from bench.pingpong import run_pingpong_bench
from judge.settings import Settings


def test_pingpong_bench_bills_pinned_runs_no_more_than_unpinned(tmp_path: Path) -> None:
    report = run_pingpong_bench(Settings(data_dir=tmp_path), runs=3, rounds=2000)
    assert report.runs == 3 and report.cpus >= 1 and report.isolation
    assert report.pinned_cpu_ms > 0 and report.unpinned_cpu_ms > 0
    # the same work both ways: pinning may only remove the cost of waking idle CPUs
    assert report.pinned_cpu_ms <= 1.5 * report.unpinned_cpu_ms + 10
