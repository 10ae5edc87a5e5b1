"""The store under imports: concurrent identical imports agree on one version."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from judge.importers import import_problem
from judge.problems.store import ProblemStore
from judge.settings import ArchiveLimits

SAMPLES = Path(__file__).resolve().parents[2] / "problems"


def test_concurrent_identical_imports(tmp_path: Path) -> None:
    store = ProblemStore(tmp_path / "data" / "problems")
    with ThreadPoolExecutor(4) as pool:
        results = list(
            pool.map(lambda _: import_problem(SAMPLES / "sum", store, ArchiveLimits()), range(8))
        )
    versions = {r.problem.version for r in results}
    assert len(versions) == 1
    assert [p.name for p in (tmp_path / "data" / "problems" / "sum" / "versions").iterdir()] == [
        versions.pop()
    ]
    assert not any((tmp_path / "data" / "tmp").iterdir())


def test_get_unknown_problem(tmp_path: Path) -> None:
    store = ProblemStore(tmp_path / "problems")
    with pytest.raises(KeyError, match="no problem 'nope'"):
        store.get("nope")
