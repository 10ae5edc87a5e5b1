"""The promises a reference solution's category makes, and the broken ones as
:class:`Mismatch` lines with their evidence (``problems verify``,
:mod:`judge.grading.verify`).

A category (``solutions/<category>/``, TPS ``verdict``) promises a **score**
(full for ``model_solution``/``correct``, less than full for every failing
category) and a **verdict** seen on some test (TLE for ``time_limit``, ...).
Where a promise is made per subtask (TPS ``except``, in
:attr:`ReferenceSolution.subtask_categories`, or a ``correct/`` solution named
after one subtask, see :func:`expectations`), each such subtask is checked on
its own, and the solution's category holds for the other subtasks together.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from judge.problems.model import Problem, ReferenceSolution, Subtask
from judge.wire.results import SubmissionResult, SubtaskResult, TestResult, Verdict
from judge.wire.verify import Expectation, Mismatch, SubtaskOutcome

_FULL = 1.0 - 1e-9


class CategoryRule(BaseModel):
    full_score: bool
    some_of: list[Verdict] = []


CATEGORY_RULES: dict[str, CategoryRule] = {
    "model_solution": CategoryRule(full_score=True),
    "correct": CategoryRule(full_score=True),
    "incorrect": CategoryRule(full_score=False, some_of=[Verdict.WA]),
    "wrong_answer": CategoryRule(full_score=False, some_of=[Verdict.WA]),
    "protocol_violation": CategoryRule(full_score=False, some_of=[Verdict.WA]),
    "partially_correct": CategoryRule(full_score=False, some_of=[Verdict.PA]),
    "time_limit": CategoryRule(full_score=False, some_of=[Verdict.TLE]),
    "time_limit_and_runtime_error": CategoryRule(
        full_score=False, some_of=[Verdict.TLE, Verdict.RE]
    ),
    "memory_limit": CategoryRule(full_score=False, some_of=[Verdict.MLE, Verdict.RE]),
    "runtime_error": CategoryRule(full_score=False, some_of=[Verdict.RE]),
    "failed": CategoryRule(full_score=False),
}

# A subtask named in a file name: `sub3`, `subtask3`, `st2`, `s2` is too
# ambiguous. The number may be followed by letters (`sub2a`), not digits.
_SUBTASK_IN_NAME = re.compile(r"(?:^|[^a-z0-9])(?:subtask|sub|st)[-_]?(\d+)(?![0-9])", re.I)


class CategoryCheck(BaseModel):
    score_ok: bool
    verdict_ok: bool
    reason: str = ""


def check_category(category: str, result: SubmissionResult) -> CategoryCheck:
    """Does the result keep the category's score and verdict promises (whole problem)?"""
    found = _check_group(category, result, None, None)
    if found is None:
        return CategoryCheck(score_ok=True, verdict_ok=True,
                             reason=f"unknown category {category!r}: not checked")
    score = [m for m in found if m.kind == "score"]
    if score:
        return CategoryCheck(score_ok=False, verdict_ok=False, reason=score[0].line())
    if found:
        return CategoryCheck(score_ok=True, verdict_ok=False, reason=found[0].line())
    return CategoryCheck(score_ok=True, verdict_ok=True)


def expectations(solution: ReferenceSolution, problem: Problem) -> list[Expectation]:
    """The per-subtask promises made for ``solution``: the package's own
    (TPS ``except``), else a subtask named in the file name of a ``correct``
    solution (IOI exports file e.g. ``correct/sub5-k2.cpp``, correct for
    subtask 5 only); else none, and the category holds for the whole problem."""
    if solution.subtask_categories:
        found = []
        for target, category in solution.subtask_categories.items():
            sub = problem.find_subtask(target)
            if sub is not None:
                found.append(_expect(sub, category, "package"))
        return found
    if solution.category != "correct":
        return []
    name = solution.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    indexes = {int(m.group(1)) for m in _SUBTASK_IN_NAME.finditer(name)}
    subs = [s for s in problem.subtasks if s.index in indexes]
    return [_expect(s, "correct", "file name") for s in subs]


def expected_per_subtask(solution: ReferenceSolution, problem: Problem) -> dict[str, str | None]:
    """Subtask name -> the category promised for it, in subtask order: a named
    subtask's own, the solution's category for the others (for a ``correct``
    solution named after some subtasks, None: no promise for the rest)."""
    named = {e.subtask: e.category for e in expectations(solution, problem)}
    rest = None if named and not solution.subtask_categories else solution.category
    return {s.name: named.get(s.name, rest) for s in problem.subtasks}


def promises_kept(mismatches: list[Mismatch]) -> tuple[bool, bool]:
    """(every score promise holds, every verdict promise holds too)."""
    score_ok = not any(m.kind == "score" for m in mismatches)
    return score_ok, score_ok and not mismatches


def subtask_outcomes(result: SubmissionResult) -> list[SubtaskOutcome]:
    """Per subtask: its points, its verdict and the test that decided it, with
    that test's message (a compile error decides every subtask with its message)."""
    by_name = {t.name: t for t in result.tests}
    compile_error = "" if result.compile.ok else _first_error(result.compile.message)
    outcomes = []
    for sub in result.subtasks:
        deciding = _deciding_test([by_name[n] for n in sub.tests if n in by_name])
        outcomes.append(SubtaskOutcome(
            subtask=sub.name, index=sub.index, score=sub.score, max_score=sub.max_score,
            verdict=sub.status, test=deciding.name if deciding else None,
            message=deciding.message if deciding else compile_error,
        ))
    return outcomes


def _deciding_test(tests: list[TestResult]) -> TestResult | None:
    """The first judged test at the lowest score below full; None if all are full."""
    failing = [t for t in tests if t.status is not Verdict.SKIPPED
               and (t.score < _FULL or t.status is not Verdict.AC)]
    if not failing:
        return None
    lowest = min(t.score for t in failing)
    return next(t for t in failing if t.score == lowest)


def _first_error(message: str) -> str:
    lines = message.strip().splitlines()
    return next((line for line in lines if "error" in line), lines[0] if lines else "")[:300]


def _expect(sub: Subtask, category: str, source: Literal["package", "file name"]) -> Expectation:
    return Expectation(subtask=sub.name, index=sub.index, category=category, source=source)


def check_solution(
    solution: ReferenceSolution, problem: Problem, result: SubmissionResult
) -> tuple[list[Expectation], list[Mismatch], str]:
    """(per-subtask expectations, broken promises, a note) for one judged solution."""
    expected = expectations(solution, problem)
    if not expected and not solution.subtask_categories:
        found = _check_group(solution.category, result, None, None)
        if found is None:
            return [], [], f"unknown category {solution.category!r}: not checked"
        return [], found, ""
    mismatches: list[Mismatch] = []
    named = {e.subtask for e in expected}
    notes = [f"the package names an unknown subtask {target!r}: not checked"
             for target in solution.subtask_categories if problem.find_subtask(target) is None]
    for e in expected:
        found = _check_group(e.category, result, [e.subtask], e.subtask)
        if found is None:
            notes.append(f"unknown category {e.category!r} for subtask {e.subtask}: not checked")
        mismatches += found or []
    rest = [s.name for s in result.subtasks if s.name not in named]
    if rest and solution.subtask_categories:
        mismatches += _check_group(solution.category, result, rest, ", ".join(rest)) or []
    return expected, mismatches, "; ".join(notes)


def _check_group(
    category: str, result: SubmissionResult, names: list[str] | None, label: str | None
) -> list[Mismatch] | None:
    """The broken promises of ``category`` over the subtasks ``names`` (None:
    all) together: a full-score category needs each of them full, a failing one
    needs some of them not full and, for the verdict, some test with its verdict."""
    rule = CATEGORY_RULES.get(category)
    if rule is None:
        return None
    subs = [s for s in result.subtasks if names is None or s.name in names]
    tests = result.tests if names is None else _tests_of(result, subs)
    if not result.compile.ok:
        return _not_compiled(rule, result, label)
    whole = result.score >= result.max_score - 1e-9 if names is None else True
    if rule.full_score:
        found = [_not_full(s, result) for s in subs if s.fraction < _FULL]
        if not found and not whole:
            saw = f"{result.score:g}/{result.max_score:g}"
            found = [Mismatch(kind="score", expected="full score", saw=saw)]
        return found
    if whole and all(s.fraction >= _FULL for s in subs):
        saw = f"full score ({_points(subs) if subs else f'{result.score:g}'})"
        return [Mismatch(kind="score", expected=_wanted(rule), subtask=label, saw=saw)]
    seen = {t.status for t in tests}
    if rule.some_of and not seen.intersection(rule.some_of):
        evidence = next((t for t in tests if t.status not in (Verdict.AC, Verdict.SKIPPED)), None)
        saw = " ".join(sorted(v.value for v in seen)) or "no test"
        mismatch = Mismatch(kind="verdict", subtask=label, saw=saw,
                            expected="some test " + " or ".join(v.value for v in rule.some_of))
        if evidence is not None:
            mismatch.test = evidence.name
            mismatch.why = f"{evidence.status.value} {evidence.message}".strip()
        return [mismatch]
    return []


def _not_compiled(rule: CategoryRule, result: SubmissionResult,
                  label: str | None) -> list[Mismatch]:
    """A solution that did not compile scores 0: it breaks a full-score promise,
    and the verdict promise of a category that names one."""
    if not rule.full_score and not rule.some_of:
        return []
    why = _first_error(result.compile.message)
    saw = f"compilation {result.compile.status.value}"
    if rule.full_score:
        return [Mismatch(kind="score", expected="full score", subtask=label, saw=saw, why=why)]
    expected = "some test " + " or ".join(v.value for v in rule.some_of)
    return [Mismatch(kind="verdict", expected=expected, subtask=label, saw=saw, why=why)]


def _wanted(rule: CategoryRule) -> str:
    return "full score" if rule.full_score else "less than full score"


def _tests_of(result: SubmissionResult, subs: list[SubtaskResult]) -> list[TestResult]:
    names = {t for s in subs for t in s.tests}
    return [t for t in result.tests if t.name in names]


def _not_full(sub: SubtaskResult, result: SubmissionResult) -> Mismatch:
    """Evidence that ``sub`` is not full: its first test below full score."""
    tests = _tests_of(result, [sub])
    failing = [t for t in tests if t.score < _FULL]
    evidence = next((t for t in failing if t.status is not Verdict.SKIPPED), None)
    evidence = evidence or (failing[0] if failing else None)
    saw = f"{sub.score:g}/{sub.max_score:g}"
    mismatch = Mismatch(kind="score", expected="full score", subtask=sub.name, saw=saw)
    if evidence is not None:
        mismatch.test = evidence.name
        mismatch.saw = f"{evidence.status.value} (score {evidence.score:g}), subtask {saw}"
        mismatch.why = evidence.message
    return mismatch


def _points(subs: list[SubtaskResult]) -> str:
    return f"{sum(s.score for s in subs):g}/{sum(s.max_score for s in subs):g}"
