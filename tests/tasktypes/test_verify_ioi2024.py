"""``problems verify`` on the three official IOI 2024 packages: every reference
solution must get the verdict its category promises (Batch with grader and
checker; Communication with 1 and 2 processes), except the few recorded with
their reasons in ``known_disagreements.toml``."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from judge.evaluate import Evaluator
from judge.problems.store import StoredProblem
from judge.tasktypes.base import JudgeEnv
from judge.verify import verify_problem

KNOWN = tomllib.loads((Path(__file__).parent / "known_disagreements.toml").read_text())


@pytest.mark.slow
@pytest.mark.parametrize("name", ["aplusb", "machine", "message"])
def test_reference_solutions_match_their_categories(
    env: JudgeEnv, shared_problems: dict[str, StoredProblem], name: str
) -> None:
    report = verify_problem(Evaluator(env), shared_problems[name], early_stop=True)
    assert report.solutions, "the package has reference solutions"
    known = KNOWN.get(name, {})
    mismatches = []
    for check in report.solutions:
        allowed = known.get(Path(check.path).name)
        if check.ok:
            continue
        if allowed is None or allowed["verdict"] not in check.verdicts:
            mismatches.append(f"{check.path}: {check.reason}")
    assert not mismatches, mismatches
