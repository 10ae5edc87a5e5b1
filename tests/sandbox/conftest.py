"""Fixtures of the sandbox suite: one sandbox per session, the test programs
compiled once, and a check that the host is unharmed after each test."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sandbox_helpers import files_of_uid, namespace_processes

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


@pytest.fixture
def host_guard(sandbox: Sandbox) -> Iterator[None]:
    """After the test: no process left in the sandbox, no file of a slot uid outside."""
    yield
    assert namespace_processes(sandbox) == []
    for slot in range(sandbox.slots):
        assert files_of_uid(sandbox.uid_base + slot) == []
