"""Hostile submissions at volume (CI size): the sandbox's adversarial programs
submitted through the API, interleaved with normal submissions, to a private
service with 2 workers. The normal ones keep their verdicts and roughly their
CPU times (the 10 % figure is the bench's, on a quiet machine:
``ioi-judge bench hostile``); every hostile one gets its verdict; nothing is
left on the host."""

from __future__ import annotations

import itertools

import pytest

from bench.hostile import hostile_programs, interleave, normal_programs, run_hostile_bench

HOSTILE = 64
CI_MAX_RATIO = 1.5  # loaded / quiet median CPU time, on a possibly busy CI machine


def test_interleaving_spreads_the_normal_submissions() -> None:
    hostile, normal = hostile_programs(), normal_programs(None)
    work = interleave(hostile, 100, normal, 3)
    assert sum(p.hostile for p in work) == 100
    assert len(work) == 100 + 3 * len(normal)
    positions = [i for i, p in enumerate(work) if not p.hostile]
    assert positions[0] > 0 and positions[-1] < len(work) - 1  # hostile ones around them
    assert max(b - a for a, b in itertools.pairwise(positions)) <= 12


@pytest.mark.slow
def test_hostile_submissions_at_volume() -> None:
    bench = run_hostile_bench(hostile=HOSTILE, workers=2, rounds=2, packages=None, control=False)
    assert bench.hostile == HOSTILE
    assert bench.hostile_as_expected, bench.hostile_unexpected
    assert bench.normal_verdict_mismatches == 0, bench.normal_programs
    assert bench.worker_deaths == 0 and bench.reruns == 0
    assert bench.hostile_cpu_tle_max_cpu_s < 1.3  # killed promptly at the 1 s CPU limit
    assert 3.9 < bench.hostile_wall_tle_max_wall_s < 5.0  # ... and at the 4 s wall limit
    assert bench.hostile_other_max_wall_s < 3.0  # bombs and floods stop at their limit
    host = bench.host
    assert host.leftover_processes == 0 and host.leftover_cgroups == 0
    assert host.box_root_entries == 0 and host.sandbox_uid_files == []
    assert all(f.timed for f in bench.normal_programs)
    assert bench.max_ratio <= CI_MAX_RATIO, bench.normal_programs
