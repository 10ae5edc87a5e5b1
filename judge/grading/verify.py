"""``problems verify``: judge every reference solution of a problem and check
that it gets what the package promises for it.

A category (``solutions/<category>/``, TPS ``verdict``) promises two things,
checked separately:

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

Promises per subtask and the evidence of a broken one (:class:`Mismatch`)
are in :mod:`judge.grading.promises`. A broken full-score promise that the
package's own checker refutes on a test every model solution passes is a
*package error* (:mod:`judge.grading.package_errors`), counted apart from
score mismatches.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from judge.grading.evaluate import EvaluateOptions, Evaluator
from judge.grading.generate import generation_note, reference_submission
from judge.grading.package_errors import MODEL, judging_order, mark_refuted
from judge.grading.promises import check_solution
from judge.languages.registry import LANGUAGES
from judge.problems.model import ReferenceSolution
from judge.problems.store import StoredProblem
from judge.wire.results import SubmissionResult
from judge.wire.verify import SolutionCheck, VerifyReport


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
    models: list[SubmissionResult] = []
    for solution in judging_order(stored.problem.solutions):
        check, result = _verify_one(evaluator, stored, solution, early_stop, models)
        if result is not None and solution.category == MODEL:
            models.append(result)
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
    evaluator: Evaluator, stored: StoredProblem, solution: ReferenceSolution, early_stop: bool,
    models: list[SubmissionResult],
) -> tuple[SolutionCheck, SubmissionResult | None]:
    """The check of one solution, and its result (None: skipped)."""
    if solution.language not in LANGUAGES:
        return SolutionCheck(
            path=solution.path, category=solution.category, language=solution.language,
            score=0.0, max_score=stored.problem.max_score, verdicts=[], seconds=0.0, ok=True,
            verdict_ok=True, skipped=True,
            reason=f"skipped: the judge has no language {solution.language!r}",
        ), None
    started = time.monotonic()
    source = stored.path(solution.path).read_text(errors="replace")
    submission, generated = reference_submission(evaluator.env, stored, solution.language, source)
    result = evaluator.evaluate(stored, submission, EvaluateOptions(early_stop=early_stop))
    expected, mismatches, note = check_solution(solution, stored.problem, result)
    note = "; ".join(filter(None, [note, generation_note(generated)]))
    mismatches = mark_refuted(solution, result, mismatches, models)
    standing = [m for m in mismatches if not m.refuted]
    score_ok = not any(m.kind == "score" for m in standing)
    shown = standing or mismatches  # a standing mismatch first, then package errors
    return SolutionCheck(
        path=solution.path, category=solution.category, language=solution.language,
        score=result.score, max_score=result.max_score,
        verdicts=sorted({t.status for t in result.tests}, key=lambda v: v.value),
        seconds=round(time.monotonic() - started, 3),
        ok=score_ok,
        verdict_ok=score_ok and not standing,
        package_error=any(m.refuted for m in mismatches),
        reason=shown[0].line() if shown else note,
        note=note,
        expectations=expected,
        mismatches=standing + [m for m in mismatches if m.refuted],
    ), result
