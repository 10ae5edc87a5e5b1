"""The piston-style reproduction of ``bench openr1`` judges as the cms_ioi
package would: the model solution scores 1 on an aplusb test, a wrong one 0
(real g++, the package's compile lines, the package's checker)."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import shared

from bench.openr1 import aplusb_rows, ioi_body, model_source, piston_style_test
from judge.importers import import_problem
from judge.problems.store import ProblemStore
from judge.settings import Settings

pytestmark = pytest.mark.slow


def test_piston_style_scores_like_the_package(tmp_path: Path) -> None:
    store = ProblemStore(tmp_path / "problems")
    stored = import_problem(shared("ioi2024", "aplusb-CMS.zip"), store, Settings().archive)
    row, tests = aplusb_rows(stored)
    _, given, expected = tests[-1]
    wrong = '#include "aplusb.h"\nint sum(int a, int b) { return a + b + 1; }\n'
    scores = [piston_style_test(ioi_body(row, given, expected, source), "aplusb", 1.0)
              for source in (model_source(stored), wrong)]
    assert scores == [1.0, 0.0]
