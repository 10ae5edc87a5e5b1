"""``ioi-judge bench accuracy`` on this host's real sandbox (a few small runs)."""

from __future__ import annotations

from pathlib import Path

from bench.accuracy import run_accuracy_bench
from judge.settings import Settings


def test_accuracy_bench_reports_small_errors(tmp_path: Path) -> None:
    report = run_accuracy_bench(Settings(data_dir=tmp_path), runs=3, cpu=0.2, memory=32)
    assert report.runs == 3 and report.isolation
    # the bounds of tests/sandbox/test_sandbox_accuracy.py, far from a broken measure
    assert report.cpu_worst_error_ms <= 0.05 * 200 + 10
    assert report.memory_worst_error_mib <= 0.05 * 32 + 4
