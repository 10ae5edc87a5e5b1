"""IOI scoring as CMS computes it (``ScoreTypeGroup.compute_score`` with GroupMin):
from per-test results to per-subtask points and a total.

A subtask's fraction is ``min(test scores)``; it is worth ``fraction x max_score``.
CMS sums these exact points into the submission's score and rounds to the
problem's ``score_precision`` only where a score is shown: each subtask's points
in its details, and the total (``ScoreType.format_score``). So here a subtask's
``score`` is its points rounded, and the total is the exact sum rounded once —
not the sum of the rounded subtask points, which can differ in the last digit
(two subtasks of 10 at 1/3: 6.67, where 3.33 + 3.33 = 6.66). A subtask's status
is the worst verdict among its tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from judge.problems.model import Problem, Subtask
from judge.wire.results import SubtaskResult, TestResult, Verdict, worst_verdict


def verdict_for_score(score: float) -> Verdict:
    """The verdict of a test that ran to completion and was evaluated."""
    if score >= 1.0:
        return Verdict.AC
    if score > 0.0:
        return Verdict.PA
    return Verdict.WA


def skipped(name: str, reason: str = "not run") -> TestResult:
    return TestResult(name=name, status=Verdict.SKIPPED, score=0.0, message=reason)


def score_subtask(
    subtask: Subtask, results: Mapping[str, TestResult], precision: int
) -> SubtaskResult:
    """Score one subtask; a test missing from ``results`` counts as SKIPPED (0)."""
    tests = [results.get(name) or skipped(name) for name in subtask.tests]
    fraction = min((t.score for t in tests), default=1.0)
    return SubtaskResult(
        name=subtask.name,
        index=subtask.index,
        max_score=subtask.max_score,
        score=round(fraction * subtask.max_score, precision),
        fraction=fraction,
        status=worst_verdict([t.status for t in tests]),
        tests=list(subtask.tests),
    )


def total_score(subtasks: Sequence[SubtaskResult], precision: int) -> float:
    """CMS's total: the exact points (``fraction x max_score``) summed, then rounded."""
    return round(sum(s.fraction * s.max_score for s in subtasks), precision)


def score_subtasks(
    problem: Problem, subtasks: list[Subtask], results: Mapping[str, TestResult]
) -> tuple[list[SubtaskResult], float]:
    """Score the given subtasks; returns them and the total (see :func:`total_score`)."""
    scored = [score_subtask(s, results, problem.score_precision) for s in subtasks]
    return scored, total_score(scored, problem.score_precision)
