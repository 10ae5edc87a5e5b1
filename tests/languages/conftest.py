"""Fixtures of the language tests: settings on a temporary data dir, the shared
IOI 2024 aplusb package unpacked, and (for compiles) a real sandbox."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from shared_data import shared

from judge.problems.model import (
    GraderFiles,
    Problem,
    TaskType,
    TestCase,
    TrustedProgram,
)
from judge.problems.store import StoredProblem
from judge.settings import Settings


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("judge-data")


@pytest.fixture(scope="session")
def settings(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=data_dir)


@pytest.fixture(scope="session")
def aplusb(tmp_path_factory: pytest.TempPathFactory) -> StoredProblem:
    """The aplusb package as a stored problem (built here, not by the importer)."""
    out = tmp_path_factory.mktemp("aplusb")
    with zipfile.ZipFile(shared("ioi2024", "aplusb-CMS.zip")) as zf:
        zf.extractall(out)
    root = out / "aplusb"
    names = sorted(p.stem for p in (root / "tests").glob("*.in"))
    problem = Problem(
        id="aplusb",
        name="A + B",
        task_type=TaskType.BATCH,
        time_limit=1.0,
        memory_limit=1 << 30,
        graders={"cpp": GraderFiles(sources=["graders/grader.cpp"], headers=["graders/aplusb.h"])},
        checker=TrustedProgram(source="checker/checker.cpp", headers=["checker/testlib.h"]),
        tests=[TestCase(name=n, input=f"tests/{n}.in", output=f"tests/{n}.out") for n in names],
        subtasks=[],
    )
    return StoredProblem(problem, root)


@pytest.fixture(scope="session")
def sandbox(settings: Settings) -> Iterator[object]:
    from judge.languages import Compiler
    from judge.sandbox import Sandbox

    sb = Sandbox.from_settings(settings, ro_mounts=Compiler.sandbox_mounts(settings))
    try:
        yield sb
    finally:
        sb.close()
