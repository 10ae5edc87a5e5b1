"""The cgroup v2 path: a fresh leaf per run, in the judge's own delegated subtree.

These run where the sandbox found cgroup v2 (the UML guest of
``tests/vm/sandbox-suites.sh``; the development machines are v1).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sandbox_helpers import guest_limits, guest_seconds

from judge.sandbox import Limits, RunSpec, RunStatus, Sandbox

pytestmark = pytest.mark.usefixtures("host_guard")
MiB = 1 << 20
CGROUP_OF_RUN = "print(open('/proc/self/cgroup').read().strip())\n"


@pytest.fixture(autouse=True)
def _v2_only(sandbox: Sandbox) -> None:
    if sandbox.cgroups.mode != "v2":
        pytest.skip(f"the sandbox uses {sandbox.isolation}, not cgroup v2 "
                    "(tests/vm/sandbox-suites.sh runs these in a cgroup v2 guest)")


def _leaf_of_run(sandbox: Sandbox) -> str:
    """The cgroup a run's process is in, as the host's hierarchy names it."""
    with sandbox.box() as box:
        (box.path / "p.py").write_text(CGROUP_OF_RUN)
        result = box.run(RunSpec(argv=["/usr/bin/python3", "p.py"], stdout=box.path / "out",
                                 limits=guest_limits(Limits())))
        assert result.status is RunStatus.OK, result
        return (box.path / "out").read_text().strip().removeprefix("0::")


def test_each_run_gets_a_leaf_of_its_own_removed_after(sandbox: Sandbox) -> None:
    base = sandbox.cgroups.bases["unified"]
    leaves = [_leaf_of_run(sandbox) for _ in range(3)]
    assert len(set(leaves)) == 3, leaves
    for leaf in leaves:
        assert leaf.startswith("/ioi-judge/") and "-run" in leaf.rsplit("/", 1)[1], leaf
    assert not [p for p in base.iterdir() if p.is_dir()]  # every leaf removed


def test_a_run_after_a_killed_run_in_the_same_slot_starts(
    sandbox: Sandbox, binaries: dict[str, Path]
) -> None:
    """The first run is killed (cgroup.kill) at its wall limit; the next run of
    the slot is created in a new leaf and runs (on UML 6.1, reusing the killed
    cgroup made clone3(CLONE_INTO_CGROUP) kill the child at birth)."""
    with sandbox.box() as box:
        killed = box.run(RunSpec(argv=["sleep"], executable=binaries["sleep"],
                                 limits=Limits(wall_time=0.3)))
        assert killed.limit_hit == "wall", killed
        after = [box.run(RunSpec(argv=["exit3"], executable=binaries["exit3"]))
                 for _ in range(3)]
    assert [(r.status, r.exit_code) for r in after] == [(RunStatus.RE, 3)] * 3, after


def test_memory_peak_starts_at_zero_in_every_run(
    sandbox: Sandbox, binaries: dict[str, Path]
) -> None:
    with sandbox.box() as box:
        big = box.run(RunSpec(argv=["touch_memory", "128"], executable=binaries["touch_memory"],
                              limits=Limits(memory=256 * MiB, cpu_time=10, wall_time=30)))
        small = box.run(RunSpec(argv=["touch_memory", "1"], executable=binaries["touch_memory"],
                                limits=Limits(memory=256 * MiB)))
    assert big.status is small.status is RunStatus.OK, (big, small)
    assert big.memory >= 128 * MiB and small.memory < 16 * MiB, (big.memory, small.memory)


def test_the_judge_subtree_has_no_processes_in_inner_nodes(sandbox: Sandbox) -> None:
    """The judge's own nodes (``ioi-judge``, ``ioi-judge/<key>``) delegate
    ``memory`` and ``pids`` to their children and hold no process (cgroup v2's
    no-internal-process rule): processes live only in the run leaves."""
    base = sandbox.cgroups.bases["unified"]
    for node in (base.parent, base):
        assert {"memory", "pids"} <= set((node / "cgroup.subtree_control").read_text().split())
        assert (node / "cgroup.procs").read_text() == ""


IN_CONTAINER = """
import sys
from pathlib import Path
from judge.sandbox import RunSpec, Sandbox
sb = Sandbox(Path(sys.argv[1]), Path(sys.argv[2]))
with sb.box() as box:
    result = box.run(RunSpec(argv=["/bin/true"]))
print(sb.isolation_mode, result.status.value, open("/proc/self/cgroup").read().strip())
sb.close()
"""


def test_in_a_container_cgroup_namespace_the_judge_moves_out_of_the_root(
    tmp_path: Path,
) -> None:
    """A container's /sys/fs/cgroup is its own cgroup (namespace root), with the
    container's processes in it, so it cannot delegate controllers as it is:
    the judge moves them to ``init`` and makes its subtree beside it."""
    container = Path("/sys/fs/cgroup/ioi-test-container")
    container.mkdir()
    script = ('echo $$ > /sys/fs/cgroup/ioi-test-container/cgroup.procs && exec unshare '
              '--cgroup --mount --propagation private sh -c '
              '"umount /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup '
              '&& exec \\"\\$@\\"" sh "$@"')
    try:
        done = subprocess.run(
            ["sh", "-c", script, "sh", sys.executable, "-c", IN_CONTAINER,
             str(tmp_path / "boxes"), str(tmp_path / "cache")],
            capture_output=True, text=True, timeout=guest_seconds(60), check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["cgroup-v2", "OK", "0::/init"], done.stdout
        assert (container / "cgroup.procs").read_text() == ""
        assert {"memory", "pids"} <= set((container / "cgroup.subtree_control").read_text().split())
    finally:
        for path in sorted(container.rglob("*"), key=lambda p: -len(p.parts)):
            if path.is_dir():
                path.rmdir()
        container.rmdir()
