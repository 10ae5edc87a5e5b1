"""Fixtures of the sandbox suite: one sandbox per session, the test programs
compiled once, and a check that the host is unharmed after each test."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from judge.sandbox import Sandbox
from judge.settings import Settings

PROGRAMS = Path(__file__).parent / "programs"
PYTHON = "/usr/bin/python3"


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def sandbox(settings: Settings) -> Iterator[Sandbox]:
    sb = Sandbox.from_settings(settings)
    yield sb
    sb.close()


@pytest.fixture(scope="session")
def binaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every ``programs/*.cpp``, compiled once (name without suffix -> binary)."""
    out = tmp_path_factory.mktemp("bin")
    os.chmod(out, 0o755)

    def compile_one(src: Path) -> tuple[str, Path]:
        target = out / src.stem
        cmd = ["g++", "-O2", "-std=c++17", "-pthread", "-o", str(target), str(src)]
        subprocess.run(cmd, check=True, capture_output=True)
        return src.stem, target

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(compile_one, sorted(PROGRAMS.glob("*.cpp"))))


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


@pytest.fixture
def host_guard(sandbox: Sandbox) -> Iterator[None]:
    """After the test: no process left in the sandbox, no file of a slot uid outside."""
    yield
    assert namespace_processes(sandbox) == []
    for slot in range(64):
        assert files_of_uid(sandbox.uid_base + slot) == []
