"""``problems verify`` on the three official IOI 2024 packages (Batch with
grader and checker; Communication with 1 and 2 processes): every reference
solution keeps its category's score promise, and gets the verdict its category
names, except the few recorded with their evidence in
``known_disagreements.toml``, which must get exactly the verdict recorded there."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from judge.grading.evaluate import Evaluator
from judge.grading.tasktypes.base import JudgeEnv
from judge.grading.verify import verify_problem
from judge.problems.store import StoredProblem

KNOWN = tomllib.loads((Path(__file__).parent / "known_disagreements.toml").read_text())


@pytest.mark.slow
@pytest.mark.timeout(1800)  # message: ~300 s on a quiet 2-core machine, far more when loaded
@pytest.mark.parametrize("name", ["aplusb", "machine", "message"])
def test_reference_solutions_match_their_categories(
    env: JudgeEnv, shared_problems: dict[str, StoredProblem], name: str
) -> None:
    report = verify_problem(Evaluator(env), shared_problems[name], early_stop=True)
    assert report.solutions, "the package has reference solutions"
    assert report.ok, [f"{s.path}: {s.reason}" for s in report.solutions if not s.ok]
    known = KNOWN.get(name, {})
    unexplained = []
    for check in report.solutions:
        if check.verdict_ok:
            continue
        recorded = known.get(Path(check.path).name)
        if recorded is None or recorded["verdict"] not in check.verdicts:
            unexplained.append(f"{check.path}: {check.reason}")
    assert not unexplained, unexplained
