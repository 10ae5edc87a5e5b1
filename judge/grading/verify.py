"""``problems verify``: judge every reference solution of a problem and check
that it gets what its category (``solutions/<category>/``) promises.

A category promises two things, checked separately:

* a **score**: full for ``model_solution``/``correct``, less than full for
  every failing category. This is what a task's author relies on (a too-slow
  solution must not pass) and it is what ``verify`` requires.
* a **verdict** seen on some test (TLE for ``time_limit``, RE for
  ``runtime_error``, ...). Whether a failing solution hits the time limit, the
  memory limit or a wrong answer first can depend on the judging hardware
  (page faults are slow on some VMs), on undefined behaviour (an out-of-bounds
  write that crashes on one heap layout and not on another) or on the task's
  manager stopping it earlier than its author expected. A verdict that differs
  while the score promise holds is reported as a *verdict note*; ``--strict``
  turns notes into failures.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from pydantic import BaseModel

from judge.grading.evaluate import EvaluateOptions, Evaluator
from judge.grading.tasktypes.base import Submission
from judge.problems.model import ReferenceSolution
from judge.problems.store import StoredProblem
from judge.wire.results import SubmissionResult, Verdict


class CategoryRule(BaseModel):
    full_score: bool
    some_of: list[Verdict] = []


CATEGORY_RULES: dict[str, CategoryRule] = {
    "model_solution": CategoryRule(full_score=True),
    "correct": CategoryRule(full_score=True),
    "incorrect": CategoryRule(full_score=False, some_of=[Verdict.WA]),
    "protocol_violation": CategoryRule(full_score=False, some_of=[Verdict.WA]),
    "partially_correct": CategoryRule(full_score=False, some_of=[Verdict.PA]),
    "time_limit": CategoryRule(full_score=False, some_of=[Verdict.TLE]),
    "memory_limit": CategoryRule(full_score=False, some_of=[Verdict.MLE, Verdict.RE]),
    "runtime_error": CategoryRule(full_score=False, some_of=[Verdict.RE]),
    "failed": CategoryRule(full_score=False),
}


class CategoryCheck(BaseModel):
    score_ok: bool
    verdict_ok: bool
    reason: str = ""


class SolutionCheck(BaseModel):
    path: str
    category: str
    score: float
    max_score: float
    verdicts: list[Verdict]
    seconds: float
    ok: bool
    verdict_ok: bool
    reason: str = ""


class VerifyReport(BaseModel):
    problem: str
    problem_version: str
    solutions: list[SolutionCheck]
    seconds: float

    @property
    def ok(self) -> bool:
        """Every score promise holds."""
        return all(s.ok for s in self.solutions)

    @property
    def strict_ok(self) -> bool:
        """Every score and every verdict promise holds."""
        return all(s.ok and s.verdict_ok for s in self.solutions)


def check_category(category: str, result: SubmissionResult) -> CategoryCheck:
    """Does the result keep the category's score and verdict promises?"""
    rule = CATEGORY_RULES.get(category)
    if rule is None:
        return CategoryCheck(score_ok=True, verdict_ok=True,
                             reason=f"unknown category {category!r}: not checked")
    full = result.score >= result.max_score - 1e-9
    if rule.full_score != full:
        wanted = "full score" if rule.full_score else "less than full score"
        return CategoryCheck(score_ok=False, verdict_ok=False,
                             reason=f"expected {wanted}, got {result.score:g}")
    seen = {t.status for t in result.tests}
    if rule.some_of and not seen.intersection(rule.some_of):
        wanted = " or ".join(v.value for v in rule.some_of)
        return CategoryCheck(score_ok=True, verdict_ok=False,
                             reason=f"expected some test {wanted}, saw "
                             f"{' '.join(sorted(v.value for v in seen))}")
    return CategoryCheck(score_ok=True, verdict_ok=True)


def verify_problem(
    evaluator: Evaluator,
    stored: StoredProblem,
    on_solution: Callable[[SolutionCheck], None] | None = None,
    early_stop: bool = False,
) -> VerifyReport:
    """Judge every reference solution. With ``early_stop`` each subtask stops at
    its first zero: much faster for slow wrong solutions, and the failing verdict
    a category asks for is still seen (it is that first zero)."""
    started = time.monotonic()
    checks = []
    for solution in stored.problem.solutions:
        check = _verify_one(evaluator, stored, solution, early_stop)
        checks.append(check)
        if on_solution is not None:
            on_solution(check)
    return VerifyReport(
        problem=stored.problem.id,
        problem_version=stored.problem.version,
        solutions=checks,
        seconds=round(time.monotonic() - started, 3),
    )


def _verify_one(
    evaluator: Evaluator, stored: StoredProblem, solution: ReferenceSolution, early_stop: bool
) -> SolutionCheck:
    started = time.monotonic()
    source = stored.path(solution.path).read_text(errors="replace")
    result = evaluator.evaluate(
        stored,
        Submission(language=solution.language, source=source),
        EvaluateOptions(early_stop=early_stop),
    )
    check = check_category(solution.category, result)
    return SolutionCheck(
        path=solution.path,
        category=solution.category,
        score=result.score,
        max_score=result.max_score,
        verdicts=sorted({t.status for t in result.tests}, key=lambda v: v.value),
        seconds=round(time.monotonic() - started, 3),
        ok=check.score_ok,
        verdict_ok=check.verdict_ok,
        reason=check.reason,
    )
