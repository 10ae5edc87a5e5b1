"""``problems verify`` end to end on the official packages in ``JUDGE_TEST_DATA``
(IOI 2024 Batch with grader and Communication with 1 and 2 processes; IOI 2025
Communication and Batch with C++20 solutions; IOI 2017 TPS Batch with ``except``
promises), imported from the
zips: no score mismatch; the package errors are exactly those recorded with
their evidence in ``known_disagreements.toml``, and so are the verdict notes
(each must get the verdict recorded there)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from shared_data import shared

from judge.grading.evaluate import Evaluator
from judge.grading.tasktypes.base import JudgeEnv
from judge.grading.verify import VerifyReport, verify_problem
from judge.importers import import_problem
from judge.problems.store import ProblemStore
from judge.settings import Settings

KNOWN = tomllib.loads((Path(__file__).parent / "known_disagreements.toml").read_text())
PACKAGES = {
    "aplusb": ("ioi2024", "aplusb-CMS.zip"),
    "machine": ("ioi2024", "machine-CMS.zip"),
    "message": ("ioi2024", "message-CMS.zip"),
    "souvenirs": ("ioi2025", "souvenirs.zip"),
    "worldmap": ("ioi2025", "worldmap.zip"),  # ~110 s on a quiet machine: 12 package errors
    "wiring": ("ioi2017-tps", "wiring.zip"),
}


@pytest.mark.slow
@pytest.mark.timeout(1800)  # message: ~300 s on a quiet 2-core machine, far more when loaded
@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_reference_solutions_keep_their_promises(
    env: JudgeEnv, judge_settings: Settings, name: str
) -> None:
    store = ProblemStore(judge_settings.problems_dir)
    stored = import_problem(shared(*PACKAGES[name]), store, judge_settings.archive)
    report = verify_problem(Evaluator(env), stored, early_stop=True)
    assert report.solutions, "the package has reference solutions"
    assert report.ok, [f"{s.path}: {s.reason}" for s in report.solutions if not s.ok]
    assert _unexplained(report, KNOWN.get(name, {})) == []


def _unexplained(report: VerifyReport, known: dict[str, dict[str, str]]) -> list[str]:
    """Package errors and verdict notes that the record does not explain, and
    recorded package errors that verify no longer finds."""
    found = []
    for check in report.solutions:
        recorded = known.get(Path(check.path).name, {})
        if check.package_error != bool(recorded.get("package_error")):
            found.append(f"{check.path}: package error {check.package_error}: {check.reason}")
        elif check.package_error:
            test = next(m.test for m in check.mismatches if m.refuted)
            if test != recorded.get("test"):
                found.append(f"{check.path}: refuted at {test}, recorded {recorded.get('test')}")
        standing = [m for m in check.mismatches if not m.refuted]
        if standing and recorded.get("verdict") not in check.verdicts:
            found.append(f"{check.path}: {standing[0].line()}")
    return found
