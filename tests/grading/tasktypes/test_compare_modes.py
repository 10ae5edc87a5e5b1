"""A plain problem of each ``compare`` mode, judged end to end through the
evaluator (real sandbox, the shipped checkers compiled as trusted programs):
each accepts what its rule allows and rejects what it does not."""

from __future__ import annotations

import pytest

from judge.grading.evaluate import Evaluator
from judge.grading.tasktypes.base import JudgeEnv, Submission
from judge.importers import import_problem
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import Settings
from judge.wire.results import Verdict

EXPECTED = "3.0 ok\n"


def _problem(settings: Settings, compare: str) -> StoredProblem:
    """One test, expected output ``EXPECTED``, judged by ``compare``."""
    root = settings.data_dir / "sources" / compare.replace(":", "-")
    (root / "tests").mkdir(parents=True)
    (root / "problem.toml").write_text(f'compare = "{compare}"\n')
    (root / "tests" / "t.in").write_text("\n")
    (root / "tests" / "t.out").write_text(EXPECTED)
    return import_problem(root, ProblemStore(settings.problems_dir), settings.archive)


def _verdict(env: JudgeEnv, stored: StoredProblem, output: str) -> tuple[Verdict, str]:
    source = f"import sys\nsys.stdout.write({output!r})\n"
    result = Evaluator(env).evaluate(stored, Submission(language="python3", source=source))
    [test] = result.tests
    return test.status, test.message


@pytest.mark.slow
@pytest.mark.parametrize(
    ("compare", "accepted", "rejected"),
    [
        ("tokens", "3.0\nok  \n\n", "3.00 ok\n"),
        ("white-diff", "3.0   ok  \n\n\n", "3.0\nok\n"),
        ("float:1e-3", "3.0004\nok\n", "3.01 ok\n"),
    ],
)
def test_compare_mode(
    env: JudgeEnv, judge_settings: Settings, compare: str, accepted: str, rejected: str
) -> None:
    stored = _problem(judge_settings, compare)
    assert (stored.problem.checker is None) == (compare == "tokens")
    assert _verdict(env, stored, accepted) == (Verdict.AC, "Output is correct")
    assert _verdict(env, stored, rejected) == (Verdict.WA, "Output isn't correct")
