"""Helpers of the sandbox tests (a module of its own: conftest is not importable
by name across the suite): what the host looks like after a test, and a one-shot
run in a sandbox of its own."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from judge.sandbox import Limits, RunResult, RunSpec, Sandbox
from judge.settings import Settings

# Set by tests/vm/run-in-guest.sh: we run in its User-Mode Linux guest (cgroup
# v2), which has one CPU, a 100 Hz timer (CPU times move in 10 ms steps), and
# system calls 4-6x and page faults ~50x slower than the host's.
GUEST = os.environ.get("JUDGE_GUEST") == "1"
GUEST_SLOWDOWN = 4.0
TICK = 0.01 if GUEST else 0.0  # the guest's CPU time resolution, in seconds


def guest_seconds(seconds: float) -> float:
    """A time limit of a test that is about something else than time: it gives
    the same room in the guest as on a host."""
    return seconds * GUEST_SLOWDOWN if GUEST else seconds


def guest_limits(limits: Limits) -> Limits:
    """``limits`` with CPU and wall time scaled by :func:`guest_seconds`."""
    cpu = limits.cpu_time
    return limits.model_copy(update={
        "cpu_time": None if cpu is None else guest_seconds(cpu),
        "wall_time": guest_seconds(limits.wall_time),
    })


def namespace_processes(sandbox: Sandbox) -> list[int]:
    """Host pids of the processes in the launcher's pid namespace, launcher excluded."""
    outer = sandbox.launcher_pid
    if outer is None:
        return []
    children = Path(f"/proc/{outer}/task/{outer}/children").read_text().split()
    if not children:
        return []
    inner = int(children[0])
    ns = os.readlink(f"/proc/{inner}/ns/pid")
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == inner:
            continue
        try:
            if os.readlink(entry / "ns" / "pid") == ns:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def files_of_uid(uid: int, roots: tuple[str, ...] = ("/tmp", "/dev/shm", "/var/tmp")) -> list[str]:
    """Files directly in the world-writable host directories owned by ``uid``."""
    found = []
    for root in roots:
        with os.scandir(root) as entries:
            for entry in entries:
                try:
                    if entry.stat(follow_symlinks=False).st_uid == uid:
                        found.append(entry.path)
                except OSError:
                    continue
    return found


def run_once(
    argv: list[str],
    settings: Settings,
    *,
    files: Mapping[str, str] | None = None,
    stdout: Path | None = None,
) -> RunResult:
    """Run one command in a fresh sandbox and box with ``files`` written into it,
    then clean up (``stdout`` is a host path: keep it outside the box)."""
    sandbox = Sandbox.from_settings(settings)
    try:
        with sandbox.box() as box:
            for name, content in (files or {}).items():
                (box.path / name).write_text(content)
            return box.run(RunSpec(argv=argv, stdout=stdout))
    finally:
        sandbox.close()
