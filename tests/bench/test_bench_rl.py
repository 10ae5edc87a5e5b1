"""The work of ``bench rl``: its completions are unique and their right/wrong
labels hold under the bare judging the bench compares with (real g++ with the
precompiled header, real subprocesses); the piston-style reproduction scores
the aplusb model solution 1 on a test."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import shared

from bench import rl_piston, rl_work
from judge.settings import Settings

pytestmark = pytest.mark.slow


def test_completions_are_unique_and_labelled_right(tmp_path: Path) -> None:
    work = rl_work.completions(12)
    assert len({c.source for c in work}) == 12
    assert {c.language for c in work} == {"cpp17", "python3"}
    assert {c.right for c in work} == {True, False}
    sample = [work[0], work[1], work[2], work[5]]  # C++ and Python, right and wrong
    _, verdicts = rl_work.bare_limit(Settings(data_dir=tmp_path), sample, rl_work.tests(), 2)
    assert verdicts == [c.right for c in sample]


def test_piston_style_scores_the_model_solution() -> None:
    package = rl_piston.Package(shared("ioi2024", "aplusb-CMS.zip"))
    assert len(package.tests) > 10 and "graders/grader_config.json" in package.graders
    body = package.body(*package.tests[0])
    assert body["language"] == "cms_ioi" and body["files"][0]["name"] == "graders/aplusb.cpp"
    [seconds] = rl_piston.piston_style(package, 1)
    assert seconds > 0
