"""The public API: groups and FIFOs, cancelling, errors as SE, compilers inside,
read-only mounts, concurrency, the degraded mode and a sandbox of its own per run."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sandbox_helpers import namespace_processes, run_once

from judge.sandbox import Limits, RunSpec, RunStatus, Sandbox
from judge.sandbox.verdict import process_limit_message
from judge.settings import Settings

PROGRAMS = Path(__file__).parent / "programs"
PYTHON = "/usr/bin/python3"
pytestmark = pytest.mark.usefixtures("host_guard")


def test_isolation_is_described(sandbox: Sandbox) -> None:
    assert sandbox.isolation in ("cgroup-v1", "cgroup-v2")
    assert sandbox.warnings() == []


def test_interactive_group_over_fifos(sandbox: Sandbox, binaries: dict[str, Path]) -> None:
    with sandbox.box() as manager_box, sandbox.box() as user_box:
        to_user, from_user = manager_box.path / "to_user", manager_box.path / "from_user"
        for fifo in (to_user, from_user):
            os.mkfifo(fifo)
            os.chmod(fifo, 0o666)
        (manager_box.path / "manager.py").write_text((PROGRAMS / "manager.py").read_text())
        manager = RunSpec(
            argv=[PYTHON, "manager.py", "from_user", "to_user"], stdout=manager_box.path / "score"
        )
        user = RunSpec(
            argv=["echo_fifo"], executable=binaries["echo_fifo"], stdin=to_user, stdout=from_user
        )
        results = sandbox.run_group([(manager_box, manager), (user_box, user)], leader=0)
        assert [r.status for r in results] == [RunStatus.OK, RunStatus.OK]
        assert (manager_box.path / "score").read_text() == "1.0\n"


def test_group_leader_ends_then_others_are_killed(
    sandbox: Sandbox, binaries: dict[str, Path]
) -> None:
    with sandbox.box() as a, sandbox.box() as b:
        quick = RunSpec(argv=["exit3"], executable=binaries["exit3"])
        slow = RunSpec(argv=["sleep"], executable=binaries["sleep"], limits=Limits(wall_time=5))
        leader, other = sandbox.run_group([(a, quick), (b, slow)], leader=0, grace=0.2)
        assert leader.status is RunStatus.RE and not leader.killed_by_judge
        assert other.killed_by_judge and other.status is RunStatus.SIG
        assert other.wall_time < 2.0


def test_kill_a_started_run(sandbox: Sandbox, binaries: dict[str, Path]) -> None:
    with sandbox.box() as box:
        handle = box.start(RunSpec(argv=["busy"], executable=binaries["busy"]))
        assert handle.wait(0.1) is None
        handle.kill()
        result = handle.result()
        assert result.killed_by_judge
        assert result.cpu_time < 1.0


def test_blocking_fifo_open_is_covered_by_wall_time(
    sandbox: Sandbox, binaries: dict[str, Path]
) -> None:
    with sandbox.box() as box:
        fifo = box.path / "never_written"
        os.mkfifo(fifo)
        spec = RunSpec(
            argv=["echo_fifo"], executable=binaries["echo_fifo"], stdin=fifo,
            limits=Limits(wall_time=0.3),
        )  # fmt: skip
        result = box.run(spec)
        assert (result.status, result.limit_hit) == (RunStatus.TLE, "wall")


@pytest.mark.parametrize(
    "spec",
    [
        RunSpec(argv=["x"], executable=Path("/nonexistent/binary")),
        RunSpec(argv=["/nonexistent/binary"]),
        RunSpec(argv=["/usr/bin/true"], stdin=Path("/nonexistent/input")),
        RunSpec(argv=["/usr/bin/true", "nonexistent\0"]),
    ],
    ids=["missing executable", "missing argv0", "missing stdin", "NUL in argv"],
)
def test_sandbox_failures_are_se(sandbox: Sandbox, spec: RunSpec) -> None:
    with sandbox.box() as box:
        result = box.run(spec)
        assert result.status is RunStatus.SE
        assert "nonexistent" in result.message or "NUL" in result.message


def test_threads_sum_cpu_time(sandbox: Sandbox, binaries: dict[str, Path]) -> None:
    with sandbox.box() as box:
        spec = RunSpec(
            argv=["threads"], executable=binaries["threads"],
            limits=Limits(cpu_time=0.6, wall_time=5.0, processes=5),
        )  # fmt: skip
        result = box.run(spec)
        assert (result.status, result.limit_hit) == (RunStatus.TLE, "cpu")
        # The main thread only waits in join(): a CPU TLE at all means the
        # spinning threads were counted (a busy host makes wall time vary).
        assert result.cpu_time > 0.6


@pytest.mark.parametrize("program", ["threads.cpp", "threads.py"])
def test_a_refused_thread_is_named(
    sandbox: Sandbox, binaries: dict[str, Path], program: str
) -> None:
    """One process allowed (as CMS): the thread's clone fails in the pids cgroup,
    the runtime gives up (SIGABRT, or a Python exception) and the result says why."""
    with sandbox.box() as box:
        if program.endswith(".py"):
            (box.path / program).write_text((PROGRAMS / program).read_text())
            spec = RunSpec(argv=[PYTHON, program], limits=Limits(processes=1))
        else:
            spec = RunSpec(argv=["threads"], executable=binaries["threads"])
        result = box.run(spec)
    assert result.status in (RunStatus.SIG, RunStatus.RE)
    assert result.limit_hit == "processes"
    assert result.message.startswith(process_limit_message(1))


def _host_processes() -> int:
    return sum(1 for p in os.listdir("/proc") if p.isdigit())


def test_fork_bomb_leaves_host_count_unchanged(sandbox: Sandbox, binaries: dict[str, Path]) -> None:
    before = _host_processes()
    with sandbox.box() as box:
        spec = RunSpec(
            argv=["forkbomb"], executable=binaries["forkbomb"],
            limits=Limits(cpu_time=0.5, wall_time=1.0, processes=50),
        )  # fmt: skip
        assert box.run(spec).status is RunStatus.TLE
    assert namespace_processes(sandbox) == []  # every process of the bomb is gone
    assert _host_processes() <= before + 50  # other work on the host may come and go


def test_compiler_runs_inside(sandbox: Sandbox, binaries: dict[str, Path]) -> None:
    with sandbox.box() as box:
        (box.path / "a.cpp").write_text('#include <cstdio>\nint main(){std::puts("hi");}\n')
        limits = Limits(cpu_time=20, wall_time=30, memory=1 << 30, processes=16)
        compile_spec = RunSpec(
            argv=["/usr/bin/g++", "-O2", "-pipe", "-o", "a.out", "a.cpp"], limits=limits,
            stderr=box.path / "cc.err",
        )  # fmt: skip
        result = box.run(compile_spec)
        assert result.status is RunStatus.OK, (box.path / "cc.err").read_text()
        run = box.run(RunSpec(argv=["./a.out"], stdout=box.path / "out"))
        assert run.status is RunStatus.OK
        assert (box.path / "out").read_text() == "hi\n"


def test_read_only_mounts(settings: Settings, tmp_path: Path) -> None:
    pch = tmp_path / "pch"
    pch.mkdir()
    (pch / "header.h").write_text("cached\n")
    os.chmod(tmp_path, 0o755)
    sb = Sandbox.from_settings(settings, ro_mounts={"/pch": pch})
    try:
        with sb.box() as box:
            source = "print(open('/pch/header.h').read().strip())\nopen('/pch/x', 'w')\n"
            (box.path / "p.py").write_text(source)
            result = box.run(RunSpec(argv=[PYTHON, "p.py"], stdout=box.path / "out"))
            assert (box.path / "out").read_text() == "cached\n"
            assert result.status is RunStatus.RE  # the write failed
        assert not (pch / "x").exists()
    finally:
        sb.close()


def test_parallel_runs_from_threads(sandbox: Sandbox, binaries: dict[str, Path]) -> None:
    def one(i: int) -> tuple[RunStatus, str]:
        with sandbox.box() as box:
            (box.path / "in").write_text(f"{i + 1}\n0\n")
            out = box.path / "out"
            spec = RunSpec(
                argv=["echo_fifo"], executable=binaries["echo_fifo"], stdin=box.path / "in",
                stdout=out,
            )  # fmt: skip
            return box.run(spec).status, out.read_text()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(24)))
    assert results == [(RunStatus.OK, f"{i + 2}\n") for i in range(24)]


def test_slots_do_not_collide_between_sandboxes(sandbox: Sandbox, settings: Settings) -> None:
    other = Sandbox.from_settings(settings)  # as another worker process would
    try:
        with sandbox.box() as a, other.box() as b:
            assert a.slot != b.slot and a.path != b.path
    finally:
        other.close()


def test_degraded_mode(
    settings: Settings, binaries: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    sb = Sandbox.from_settings(settings, use_cgroups=False)
    try:
        assert "sandbox degraded" in caplog.text
        assert sb.isolation.startswith("rlimits (degraded:")
        assert sb.warnings()
        with sb.box() as box:
            ok = box.run(RunSpec(argv=["exit3"], executable=binaries["exit3"]))
            assert ok.status is RunStatus.RE and ok.degraded
            busy = box.run(
                RunSpec(argv=["busy"], executable=binaries["busy"], limits=Limits(cpu_time=0.3))
            )
            assert (busy.status, busy.limit_hit) == (RunStatus.TLE, "cpu")
            assert 0.3 < busy.cpu_time < 1.0
            limits = Limits(cpu_time=0.3, wall_time=1.0, processes=8)
            bomb = box.run(RunSpec(argv=["fb"], executable=binaries["forkbomb"], limits=limits))
            assert bomb.status is RunStatus.TLE
            (box.path / "heap.py").write_text((PROGRAMS / "heap_bomb.py").read_text())
            heap = box.run(RunSpec(argv=[PYTHON, "heap.py"], limits=Limits(memory=128 << 20)))
            assert (heap.status, heap.limit_hit) == (RunStatus.MLE, "memory"), heap
    finally:
        sb.close()


def test_one_shot_run(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_once([PYTHON, "a.py"], settings, files={"a.py": "print(6 * 7)"}, stdout=out)
    assert result.status is RunStatus.OK
    assert out.read_text() == "42\n"


def test_launcher_dies_with_the_judge(settings: Settings) -> None:
    """A judge process that ends (even by SIGKILL) takes its launcher and runs along."""
    script = (
        "import sys, time\n"
        "from judge.sandbox import Sandbox, RunSpec, Limits\n"
        "from judge.settings import Settings\n"
        f"sb = Sandbox.from_settings(Settings(data_dir={str(settings.data_dir)!r}))\n"
        "cm = sb.box()\nbox = cm.__enter__()\n"
        "(box.path / 'sleep-left-behind').write_text('x')\n"
        "box.start(RunSpec(argv=['/bin/sleep', '100'], limits=Limits(wall_time=100)))\n"
        "print(sb.launcher_pid, flush=True)\n"
        "time.sleep(100)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    launcher = int(proc.stdout.readline())
    proc.kill()
    proc.wait()
    for _ in range(100):
        if not Path(f"/proc/{launcher}").exists():
            break
        subprocess.run(["sleep", "0.02"], check=True)
    assert not Path(f"/proc/{launcher}").exists()
    box_root = settings.resolved_box_root()

    def stale() -> list[Path]:
        return [p for p in box_root.glob("b*/sleep-left-behind")]

    assert stale()  # the dead judge's box is still there...
    Sandbox.from_settings(settings)
    assert not stale()  # ...until the next sandbox on this box root starts
