"""Fixtures for the importer tests: the shared IOI 2024 packages, a fresh store in
a temporary data dir, a snapshot of the store tree, and a small CMS package to
build good and bad archives from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from importer_helpers import Snapshot, minimal_cms, snapshot, write_tree, write_zip

from judge.problems.store import ProblemStore
from judge.settings import ArchiveLimits

SHARED = Path(__file__).resolve().parents[3] / "shared" / "ioi2024"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared IOI 2024 packages not found at {SHARED}")
    return SHARED


@pytest.fixture
def store(tmp_path: Path) -> ProblemStore:
    return ProblemStore(tmp_path / "data" / "problems")


@pytest.fixture
def limits() -> ArchiveLimits:
    return ArchiveLimits()


@pytest.fixture
def take_snapshot() -> Callable[[ProblemStore], Snapshot]:
    return snapshot


@pytest.fixture
def tiny_files() -> dict[str, bytes]:
    return minimal_cms()


@pytest.fixture
def make_zip(tmp_path: Path) -> Callable[[dict[str, bytes]], Path]:
    counter = iter(range(1_000_000))

    def make(files: dict[str, bytes]) -> Path:
        return write_zip(tmp_path / f"pkg{next(counter)}.zip", files)

    return make


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[[dict[str, bytes]], Path]:
    counter = iter(range(1_000_000))

    def make(files: dict[str, bytes]) -> Path:
        return write_tree(tmp_path / f"tree{next(counter)}", files)

    return make
