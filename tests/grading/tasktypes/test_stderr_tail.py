"""A runtime error carries the last lines the program wrote to stderr (a Python
traceback says why it failed), as many as the deployment keeps; none at 0."""

from __future__ import annotations

import dataclasses

from judge.grading.evaluate import Evaluator
from judge.grading.tasktypes.base import JudgeEnv, Submission
from judge.problems.store import StoredProblem
from judge.wire.results import TestResult, Verdict

CRASH = "import sys\nprint('noise', file=sys.stderr)\nsecret = {}\nprint(secret['key'])\n"


def _test(env: JudgeEnv, stored: StoredProblem, source: str) -> TestResult:
    result = Evaluator(env).evaluate(stored, Submission(language="python3", source=source))
    (test,) = result.tests
    return test


def test_a_python_traceback_reaches_the_result(env: JudgeEnv, plain: StoredProblem) -> None:
    crashed = _test(env, plain, CRASH)
    assert crashed.status is Verdict.RE and crashed.message == "Exited with code 1"
    lines = crashed.stderr.splitlines()
    assert lines[-1] == "KeyError: 'key'" and len(lines) == env.settings.stderr_tail_lines
    assert "noise" not in crashed.stderr  # only the last lines
    assert _test(env, plain, "print('ok')\n").stderr == ""  # kept for failures only


def test_a_deployment_can_keep_none(env: JudgeEnv, plain: StoredProblem) -> None:
    settings = env.settings.model_copy(update={"stderr_tail_lines": 0})
    crashed = _test(dataclasses.replace(env, settings=settings), plain, CRASH)
    assert crashed.status is Verdict.RE and crashed.stderr == ""
