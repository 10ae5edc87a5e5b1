"""Evaluation options against the real aplusb package: one subtask, early stop,
shared tests run once, compile errors."""

from __future__ import annotations

import pytest

from judge.grading.evaluate import EvaluateOptions, Evaluator, UnknownSubtask
from judge.grading.tasktypes.base import JudgeEnv, Submission
from judge.problems.store import StoredProblem
from judge.wire.results import CompileStatus, Verdict

CORRECT = '#include "aplusb.h"\nint sum(int a, int b) { return a + b; }\n'
# Right only when B == 0: fails smallAB and full, passes bZero.
B_ZERO = '#include "aplusb.h"\nint sum(int a, int b) { return a; }\n'


def _eval(env: JudgeEnv, stored: StoredProblem, source: str, **options: object):
    submission = Submission(language="cpp17", source=source)
    return Evaluator(env).evaluate(stored, submission, EvaluateOptions(**options))  # type: ignore[arg-type]


def test_full_score_and_each_test_once(env: JudgeEnv, shared_problems: dict) -> None:
    stored = shared_problems["aplusb"]
    seen: list[str] = []
    submission = Submission(language="cpp17", source=CORRECT)
    result = Evaluator(env).evaluate(stored, submission, on_test=lambda n, _r: seen.append(n))
    assert result.score == 100
    assert result.problem_version == stored.problem.version
    assert sorted(seen) == sorted({t.name for t in stored.problem.tests})  # shared tests once
    assert all(t.status is Verdict.AC for t in result.tests)


def test_partial_subtasks(env: JudgeEnv, shared_problems: dict) -> None:
    result = _eval(env, shared_problems["aplusb"], B_ZERO)
    by_name = {s.name: s for s in result.subtasks}
    assert by_name["bZero"].score == 30 and by_name["bZero"].status is Verdict.AC
    assert by_name["smallAB"].score == 0 and by_name["smallAB"].status is Verdict.WA
    assert result.score == 30


def test_single_subtask_stops_early(env: JudgeEnv, shared_problems: dict) -> None:
    result = _eval(env, shared_problems["aplusb"], B_ZERO, subtask="full", concurrency=1)
    assert [s.name for s in result.subtasks] == ["full"]
    statuses = [t.status for t in result.tests]
    assert Verdict.WA in statuses
    assert Verdict.SKIPPED in statuses  # stopped at the first zero
    assert result.max_score == 50 and result.score == 0
    no_stop = _eval(env, shared_problems["aplusb"], B_ZERO, subtask="full", early_stop=False)
    assert Verdict.SKIPPED not in [t.status for t in no_stop.tests]


def test_compile_error_and_unknown_subtask(env: JudgeEnv, shared_problems: dict) -> None:
    result = _eval(env, shared_problems["aplusb"], "int sum(int a, int b) { return a + }")
    assert result.compile.status is CompileStatus.CE
    assert result.score == 0
    assert {t.status for t in result.tests} == {Verdict.CE}
    with pytest.raises(UnknownSubtask):
        _eval(env, shared_problems["aplusb"], CORRECT, subtask="nope")
