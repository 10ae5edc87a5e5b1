"""Helpers of the sandbox tests (a module of its own: conftest is not importable
by name across the suite): what the host looks like after a test, and a one-shot
run in a sandbox of its own."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from judge.sandbox import RunResult, RunSpec, Sandbox
from judge.settings import Settings


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
