"""The plain-format sample problems in ``problems/`` import as documented."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from judge.importers import import_problem
from judge.problems.store import ProblemStore
from judge.settings import ArchiveLimits

SAMPLES = Path(__file__).resolve().parents[2] / "problems"


@pytest.fixture
def store(tmp_path: Path) -> ProblemStore:
    return ProblemStore(tmp_path / "data" / "problems")


def test_sum(store: ProblemStore) -> None:
    stored = import_problem(SAMPLES / "sum", store, ArchiveLimits())
    p = stored.problem
    assert p.id == "sum" and p.checker is None and len(p.tests) == 6
    assert [(s.name, s.max_score, len(s.tests)) for s in p.subtasks] == [
        ("small", 40, 3),
        ("full", 60, 6),
    ]
    assert {(s.category, s.language) for s in p.solutions} == {
        ("model_solution", "cpp17"),
        ("model_solution", "python3"),
        ("incorrect", "cpp17"),
    }


def test_divisor_zipped(store: ProblemStore, tmp_path: Path) -> None:
    archive = shutil.make_archive(str(tmp_path / "divisor"), "zip", SAMPLES, "divisor")
    stored = import_problem(Path(archive), store, ArchiveLimits())
    p = stored.problem
    assert p.id == "divisor" and p.checker is not None
    assert stored.path(p.checker.source).read_text().startswith("// CMS checker convention")
    assert [(s.name, s.max_score, len(s.tests)) for s in p.subtasks] == [("all", 100, 6)]
