"""Reference programs of output-file tasks: ``problems verify`` runs them to make
the output files, then judges the files (OutputOnly: every test;
BatchAndOutput: the output-only tests, the source runs the others)."""

from __future__ import annotations

from pathlib import Path

import pytest
from output_problems import PY_BROKEN, PY_DIFF, PY_SUM, RIGHT, batch_and_output, output_only

from judge.grading.evaluate import Evaluator
from judge.grading.generate import generate_outputs, reference_submission
from judge.grading.tasktypes.base import JudgeEnv
from judge.grading.verify import verify_problem
from judge.problems.model import ReferenceSolution
from judge.problems.store import ProblemStore, StoredProblem

PY_SLOW = "while True:\n    pass\n"
PY_CRASH = "raise SystemExit(3)\n"


@pytest.fixture
def store(tmp_path: Path) -> ProblemStore:
    return ProblemStore(tmp_path / "problems")


def _with_solutions(stored: StoredProblem, **sources: tuple[str, str]) -> StoredProblem:
    solutions = []
    for name, (category, source) in sources.items():
        rel = f"solutions/{category}/{name}.py"
        (stored.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (stored.root / rel).write_text(source)
        solutions.append(ReferenceSolution(path=rel, category=category, language="python3"))
    return StoredProblem(stored.problem.model_copy(update={"solutions": solutions}), stored.root)


def test_output_only_reference_programs_are_run_then_judged(
    env: JudgeEnv, store: ProblemStore
) -> None:
    stored = _with_solutions(output_only(store), model=("model_solution", PY_SUM),
                             diff=("incorrect", PY_DIFF), broken=("incorrect", PY_BROKEN),
                             crash=("runtime_error", PY_CRASH))
    report = verify_problem(Evaluator(env), stored)
    checks = {Path(c.path).stem: c for c in report.solutions}
    assert checks["model"].ok and checks["model"].score == 100
    assert checks["diff"].ok and checks["diff"].verdict_ok and checks["diff"].score == 0
    assert checks["broken"].ok and "SyntaxError" in checks["broken"].note
    assert "does not compile" in checks["broken"].note
    assert checks["crash"].ok and "no output file for b1: RE" in checks["crash"].note
    assert report.ok


def test_failed_runs_leave_the_file_out_with_the_reason(
    env: JudgeEnv, store: ProblemStore
) -> None:
    stored = output_only(store)
    tests = stored.problem.tests[:1]
    slow = generate_outputs(env, stored, "python3", PY_SLOW, tests)
    assert not slow.outputs and slow.failures[tests[0].name].startswith("TLE")
    made = generate_outputs(env, stored, "python3", PY_SUM, stored.problem.tests)
    assert made.outputs == RIGHT and not made.failures


def test_batch_and_output_generates_only_the_output_only_tests(
    env: JudgeEnv, store: ProblemStore
) -> None:
    stored = batch_and_output(store)
    submission, generated = reference_submission(env, stored, "python3", PY_SUM)
    assert submission.source == PY_SUM and submission.outputs == {"oo": "11\n"}
    result = Evaluator(env).evaluate(stored, submission)
    assert result.score == 100
    assert {t.name: t.message for t in result.tests}["oo"] == "right outputonly"
    assert not generated.failures
