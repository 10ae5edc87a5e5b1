"""Slot cgroups are named per sandbox (judge/sandbox/identity.py): two sandboxes
on the same box root, as two worker containers with the same JUDGE_BOX_ROOT are,
never share them; a sandbox removes its own when it closes, and those of a
judge process that died are reaped by the next sandbox to start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from judge.sandbox import Limits, RunSpec, Sandbox
from judge.sandbox.cgroups import GROUP, CgroupSetup
from judge.sandbox.identity import Identity
from judge.settings import Settings

PROGRAMS = Path(__file__).parent / "programs"


def _procs(setup: CgroupSetup) -> set[int]:
    """Host pids in any cgroup below the sandbox's cgroup parents."""
    return {
        int(pid)
        for base in setup.bases.values()
        for procs in base.glob("*/cgroup.procs")
        for pid in procs.read_text().split()
    }


def test_two_sandboxes_on_one_box_root_judge_in_disjoint_cgroups(
    tmp_path: Path, settings: Settings, binaries: dict[str, Path]
) -> None:
    root = tmp_path / "boxes"
    first, second = Sandbox(root, settings.cache_dir), Sandbox(root, settings.cache_dir)
    try:
        assert first.cgroups.mode in ("v1", "v2")
        assert not set(first.cgroups.bases.values()) & set(second.cgroups.bases.values())
        spec = RunSpec(argv=["sleep"], executable=binaries["sleep"], limits=Limits(wall_time=5))
        with first.box() as a, second.box() as b:
            runs = [a.start(spec), b.start(spec)]
            deadline = time.monotonic() + 5
            while not (_procs(first.cgroups) and _procs(second.cgroups)):
                assert time.monotonic() < deadline, "the runs never appeared in their cgroups"
                time.sleep(0.02)
            assert not _procs(first.cgroups) & _procs(second.cgroups)
            for run in runs:
                run.kill()
                run.wait()
    finally:
        first.close()
        second.close()


def test_close_removes_the_cgroups_and_a_later_run_makes_them_again(
    tmp_path: Path, settings: Settings, binaries: dict[str, Path]
) -> None:
    sb = Sandbox(tmp_path / "boxes", settings.cache_dir)
    spec = RunSpec(argv=["exit3"], executable=binaries["exit3"])
    try:
        with sb.box() as box:
            assert box.run(spec).exit_code == 3
        sb.close()
        assert not any(base.exists() for base in sb.cgroups.bases.values())
        with sb.box() as box:
            assert box.run(spec).exit_code == 3
    finally:
        sb.close()
    assert not any(base.exists() for base in sb.cgroups.bases.values())


_DIES_MID_RUN = """
import sys, time
from pathlib import Path
from judge.sandbox import Limits, RunSpec, Sandbox
sb = Sandbox(Path(sys.argv[1]), Path(sys.argv[2]))
with sb.box() as box:
    box.start(RunSpec(argv=["sleep"], executable=Path(sys.argv[3]), limits=Limits(wall_time=60)))
    for base in sb.cgroups.bases.values():
        while not any(p.read_text() for p in base.glob("*/cgroup.procs")):
            time.sleep(0.02)
    print(sb.identity.name, *sb.cgroups.bases.values(), flush=True)
    time.sleep(60)
"""


def test_the_cgroups_of_a_dead_judge_process_are_reaped(
    tmp_path: Path, settings: Settings, binaries: dict[str, Path]
) -> None:
    argv = [sys.executable, "-c", _DIES_MID_RUN, str(tmp_path / "dead"), str(settings.cache_dir)]
    proc = subprocess.Popen([*argv, str(binaries["sleep"])], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    name, *bases = proc.stdout.readline().split()
    os.kill(proc.pid, signal.SIGKILL)  # no close(): its cgroups stay behind
    proc.wait()
    assert Identity.parse(name) is not None and Identity.parse(name).alive() is False  # type: ignore[union-attr]
    assert all(Path(base).is_dir() for base in bases)
    sb = Sandbox(tmp_path / "boxes", settings.cache_dir)
    try:
        assert not any(Path(base).exists() for base in bases)
    finally:
        sb.close()


def test_cgroups_of_other_namespaces_and_other_names_are_left_alone(
    tmp_path: Path, settings: Settings
) -> None:
    probe = Sandbox(tmp_path / "probe", settings.cache_dir)
    groups = {base.parent for base in probe.cgroups.bases.values()}
    probe.close()
    if not groups or any(g.name != GROUP for g in groups):
        pytest.skip("no cgroups writable here")
    other_ns = Identity(pid_ns=1, pid=os.getpid(), start=0, token="0" * 16).name
    kept = [group / name for group in groups for name in (other_ns, "not-an-identity")]
    for path in kept:
        path.mkdir()
    try:
        Sandbox(tmp_path / "boxes", settings.cache_dir).close()
        assert all(path.is_dir() for path in kept)
    finally:
        for path in kept:
            path.rmdir()


def test_an_identity_tells_its_owner_alive_or_dead() -> None:
    mine = Identity.new()
    assert Identity.parse(mine.name) == mine and mine.alive() is True
    assert Identity.new().name != mine.name
    assert Identity(mine.pid_ns, mine.pid, mine.start + 1, mine.token).alive() is False
    child = subprocess.Popen(["true"])
    child.wait()
    assert Identity(mine.pid_ns, child.pid, mine.start, mine.token).alive() is False
    assert Identity(mine.pid_ns + 1, mine.pid, mine.start, mine.token).alive() is None
    assert Identity.parse("3f2a9c01d4e5") is None  # the names of earlier versions
