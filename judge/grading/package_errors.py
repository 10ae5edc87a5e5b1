"""Package errors: broken promises that the package itself refutes.

A full-score promise (``correct/``, TPS ``except``: ``correct``) is *refuted*
when the solution ran within every limit on a test and the package's own
checker or manager answered WA or PA, on a test that every model solution of
the package passes. The judge then did what the package's programs say on a
test it demonstrably judges right (the model solutions pass it): the promise
is wrong, not the judge. IOI exports carry such files (a heuristic under
``correct/`` that scores 86, a TPS ``except`` its own tests disprove). Once the
package's checker has disproved that the program is correct, its other
full-score failures (a TLE elsewhere) are no evidence against the judge
either: they are marked refuted with it.

Anything else stays a score mismatch: a TLE, MLE or RE alone may come from the
judging machine or the sandbox, and a test that some model solution fails says
the judge, not the package, is in question. Model solutions are judged first
(:func:`judging_order`) and are never refuted: they are what the rest is
compared with. ``problems verify`` counts package errors apart from score
mismatches; ``--strict`` fails on them too.
"""

from __future__ import annotations

from judge.grading.promises import Mismatch
from judge.problems.model import ReferenceSolution
from judge.wire.results import SubmissionResult, Verdict

MODEL = "model_solution"
_FULL = 1.0 - 1e-9
# Verdicts by which the package's checker or manager judged the output itself.
_JUDGED_BY_PACKAGE = (Verdict.WA, Verdict.PA)


def judging_order(solutions: list[ReferenceSolution]) -> list[ReferenceSolution]:
    """Model solutions first (package order otherwise kept)."""
    return sorted(solutions, key=lambda s: s.category != MODEL)


def mark_refuted(
    solution: ReferenceSolution,
    result: SubmissionResult,
    mismatches: list[Mismatch],
    models: list[SubmissionResult],
) -> list[Mismatch]:
    """``mismatches`` with the package-refuted ones marked ``refuted``, those
    the package's checker refutes first."""
    if solution.category == MODEL or not models:
        return mismatches
    refuting = [m for m in mismatches if _refuted(m, result, models)]
    if not refuting:
        return mismatches
    rest = [m.model_copy(update={"refuted": _full_score(m)}) for m in mismatches
            if m not in refuting]
    # The evidence first: the tests where the package's checker refutes the promise.
    return [m.model_copy(update={"refuted": True}) for m in refuting] + rest


def _full_score(mismatch: Mismatch) -> bool:
    return mismatch.kind == "score" and mismatch.expected == "full score"


def _refuted(mismatch: Mismatch, result: SubmissionResult, models: list[SubmissionResult]) -> bool:
    if not _full_score(mismatch) or mismatch.test is None:
        return False
    seen = next((t for t in result.tests if t.name == mismatch.test), None)
    if seen is None or seen.status not in _JUDGED_BY_PACKAGE:
        return False
    return all(_passes(model, mismatch.test) for model in models)


def _passes(model: SubmissionResult, test: str) -> bool:
    found = next((t for t in model.tests if t.name == test), None)
    return found is not None and found.status is Verdict.AC and found.score >= _FULL
