"""IOI scoring: from per-test results to per-subtask points and a total.

A subtask's fraction is ``min(test scores)``, kept unrounded; it is worth
``fraction x max_score``, rounded to the problem's ``score_precision`` (CMS's
GroupMin); its status is the worst verdict among its tests. A submission's
score is the sum of its subtask scores.
"""

from __future__ import annotations

from collections.abc import Mapping

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


def score_subtasks(
    problem: Problem, subtasks: list[Subtask], results: Mapping[str, TestResult]
) -> tuple[list[SubtaskResult], float]:
    """Score the given subtasks; returns them and their rounded sum."""
    scored = [score_subtask(s, results, problem.score_precision) for s in subtasks]
    total = round(sum(s.score for s in scored), problem.score_precision)
    return scored, total
