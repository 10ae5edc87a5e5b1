"""Fixtures for the importer tests: the shared IOI 2024, IOI 2025 and IOI 2017
(TPS) packages, a fresh store in a temporary data dir, a snapshot of the store
tree, and small CMS and TPS packages to build good and bad archives from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import shared_data
from importer_helpers import Snapshot, minimal_cms, minimal_tps, snapshot, write_tree, write_zip

from judge.problems.store import ProblemStore
from judge.settings import ArchiveLimits


def _shared(folder: str) -> Path:
    return shared_data.shared(folder)


@pytest.fixture(scope="session")
def shared() -> Path:
    return _shared("ioi2024")


@pytest.fixture(scope="session")
def shared_2025() -> Path:
    return _shared("ioi2025")


@pytest.fixture(scope="session")
def shared_tps() -> Path:
    return _shared("ioi2017-tps")


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
def tiny_tps() -> dict[str, bytes]:
    return minimal_tps()


def _numbered(tmp_path: Path, name: str, write: Callable[[Path, dict[str, bytes]], Path]
              ) -> Callable[[dict[str, bytes]], Path]:
    """A maker of packages at fresh paths ``name`` formatted with a counter."""
    counter = iter(range(1_000_000))
    return lambda files: write(tmp_path / name.format(next(counter)), files)


@pytest.fixture
def make_zip(tmp_path: Path) -> Callable[[dict[str, bytes]], Path]:
    return _numbered(tmp_path, "pkg{}.zip", write_zip)


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[[dict[str, bytes]], Path]:
    return _numbered(tmp_path, "tree{}", write_tree)
