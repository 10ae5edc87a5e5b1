"""Fixtures of the rescoring tests: settings on a temporary data dir and the
tiny plain problem of :mod:`rescore_data` imported into its store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rescore_data import write_problem

from judge.importers import import_problem
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def sum_problem(settings: Settings, tmp_path: Path) -> StoredProblem:
    root = write_problem(tmp_path / "sum-src")
    return import_problem(root, ProblemStore(settings.problems_dir), settings.archive)
