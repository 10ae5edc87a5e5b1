"""BatchAndOutput as CMS judges it: per test, a submitted file wins; an
output-only test without one scores 0; any other test runs the source when there
is one. The checker is told ``outputonly`` or ``batch``."""

from __future__ import annotations

import pytest
from output_problems import PY_BROKEN, PY_DIFF, PY_SUM, RIGHT, batch_and_output

from judge.grading.evaluate import Evaluator
from judge.grading.tasktypes.base import JudgeEnv, Submission
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import Settings
from judge.wire.results import CompileStatus, SubmissionResult, Verdict


@pytest.fixture(scope="module")
def problem(judge_settings: Settings) -> StoredProblem:
    return batch_and_output(ProblemStore(judge_settings.problems_dir))


def _judge(env: JudgeEnv, stored: StoredProblem, source: str = "",
           outputs: dict[str, str] | None = None) -> SubmissionResult:
    submission = Submission(language="python3" if source else "", source=source,
                            outputs=outputs or {})
    return Evaluator(env).evaluate(stored, submission)


def _tests(result: SubmissionResult) -> dict[str, tuple[Verdict, str]]:
    return {t.name: (t.status, t.message) for t in result.tests}


def test_source_only_runs_every_test_but_the_output_only_one(
    env: JudgeEnv, problem: StoredProblem
) -> None:
    result = _judge(env, problem, PY_SUM)
    assert result.compile.status is CompileStatus.OK
    tests = _tests(result)
    assert tests["b1"] == (Verdict.AC, "right batch")
    assert tests["b2"] == (Verdict.AC, "right batch")
    assert tests["oo"][0] is Verdict.WA
    assert tests["oo"][1] == "File not submitted (output_oo.txt: an output-only test)"
    assert next(t for t in result.tests if t.name == "b1").cpu_time > 0  # it ran
    assert result.score == 60


def test_files_only_need_no_compilation(env: JudgeEnv, problem: StoredProblem) -> None:
    result = _judge(env, problem, outputs={"b1": RIGHT["b1"], "oo": RIGHT["oo"]})
    assert result.compile.status is CompileStatus.OK
    assert result.compile.message == "No compilation needed"
    tests = _tests(result)
    assert tests["b1"] == (Verdict.AC, "right batch")
    assert tests["oo"] == (Verdict.AC, "right outputonly")
    assert tests["b2"] == (Verdict.WA, "File not submitted (output_b2.txt: no source to run)")
    assert [s.score for s in result.subtasks] == [30, 0, 40]


def test_a_file_wins_over_the_source_on_its_test(env: JudgeEnv, problem: StoredProblem) -> None:
    # The source subtracts (wrong everywhere); the file for b1 is right, the one
    # for oo wrong: b1 is judged from its file, b2 from the program.
    result = _judge(env, problem, PY_DIFF, {"b1": RIGHT["b1"], "oo": "12\n"})
    tests = _tests(result)
    assert tests["b1"] == (Verdict.AC, "right batch")
    assert tests["b2"] == (Verdict.WA, "wrong batch")
    assert tests["oo"] == (Verdict.WA, "wrong outputonly")
    assert result.score == 30


def test_a_source_that_does_not_compile_fails_the_files_too(
    env: JudgeEnv, problem: StoredProblem
) -> None:
    # CMS evaluates nothing after a failed compilation, submitted files included.
    result = _judge(env, problem, PY_BROKEN, RIGHT)
    assert result.compile.status is CompileStatus.CE
    assert {t.status for t in result.tests} == {Verdict.CE}
    assert result.score == 0
