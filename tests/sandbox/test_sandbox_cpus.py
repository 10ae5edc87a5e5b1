"""CPU pinning (judge/sandbox/cpus.py): a run is kept on one CPU, the processes
of a run group on the same one, runs started together on different CPUs while
there are free ones, and nothing is pinned when pinning is off."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from judge.sandbox import Limits, RunSpec, RunStatus, Sandbox
from judge.sandbox.cpus import CpuLeases
from judge.settings import Settings

pytestmark = pytest.mark.usefixtures("host_guard")
HOST_CPUS = sorted(os.sched_getaffinity(0))


def _spec(binaries: dict[str, Path], out: Path, sleep: float = 0.0) -> RunSpec:
    args = [str(sleep)] if sleep else []
    return RunSpec(argv=["affinity", *args], executable=binaries["affinity"], stdout=out,
                   limits=Limits(cpu_time=2.0, wall_time=10.0))


def _cpus_seen(out: Path) -> list[int]:
    return [int(c) for c in out.read_text().split(",")]


def test_a_run_is_kept_on_one_of_the_judges_cpus(sandbox: Sandbox,
                                                  binaries: dict[str, Path]) -> None:
    with sandbox.box() as box:
        result = box.run(_spec(binaries, box.path / "out"))
        assert result.status is RunStatus.OK, result.message
        seen = _cpus_seen(box.path / "out")
    assert len(seen) == 1 and seen[0] in HOST_CPUS


def test_the_processes_of_a_group_share_one_cpu(sandbox: Sandbox,
                                               binaries: dict[str, Path]) -> None:
    with sandbox.boxes(3) as boxes:
        results = sandbox.run_group([(b, _spec(binaries, b.path / "out", 0.2)) for b in boxes])
        assert all(r.status is RunStatus.OK for r in results), results
        seen = [_cpus_seen(b.path / "out") for b in boxes]
    assert len(seen[0]) == 1 and seen == [seen[0]] * 3


@pytest.mark.skipif(len(HOST_CPUS) < 2, reason="one CPU: nothing to spread over")
def test_runs_started_together_get_cpus_of_their_own(sandbox: Sandbox,
                                                     binaries: dict[str, Path]) -> None:
    with sandbox.box() as a, sandbox.box() as b:
        handles = [box.start(_spec(binaries, box.path / "out", 0.5)) for box in (a, b)]
        assert all(h.result().status is RunStatus.OK for h in handles)
        first, second = _cpus_seen(a.path / "out"), _cpus_seen(b.path / "out")
    assert len(first) == len(second) == 1 and first != second


def test_a_finished_run_gives_its_cpu_back(tmp_path: Path) -> None:
    leases = CpuLeases(tmp_path / "cpus")
    held = [leases.acquire() for _ in HOST_CPUS]
    assert sorted(lease.cpu for lease in held if lease.cpu is not None) == HOST_CPUS
    shared = leases.acquire()  # every CPU leased: shared, never waited for
    assert shared.cpu in HOST_CPUS
    held[0].release()
    held[0].release()  # idempotent
    again = leases.acquire()
    assert again.cpu == held[0].cpu
    for lease in (*held, shared, again):
        lease.release()


def test_pinning_off_leaves_runs_free(tmp_path: Path, settings: Settings,
                                      binaries: dict[str, Path]) -> None:
    sb = Sandbox(tmp_path / "boxes", settings.cache_dir, slots=4, pin_cpus=False)
    try:
        with sb.box() as box:
            assert box.run(_spec(binaries, box.path / "out")).status is RunStatus.OK
            seen = _cpus_seen(box.path / "out")
    finally:
        sb.close()
    assert seen == HOST_CPUS
