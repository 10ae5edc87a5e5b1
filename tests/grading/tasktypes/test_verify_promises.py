"""``problems verify`` on a problem of our own: promises per subtask (TPS
``except``), a ``correct/`` solution named after one subtask, a solution in a
language the judge does not have, and mismatches that carry their evidence."""

from __future__ import annotations

from pathlib import Path

from bench.problems import PlainProblem, subtask
from judge.grading.evaluate import Evaluator
from judge.grading.tasktypes.base import JudgeEnv
from judge.grading.verify import verify_problem
from judge.importers import import_problem
from judge.importers.plain import PlainSpec
from judge.problems.model import ReferenceSolution
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import Settings
from tests.sum_problem import CORRECT, OVERFLOW, WRONG, write_problem


def _solution(root: Path, path: str, source: str, category: str, language: str = "cpp17",
              **per_subtask: str) -> ReferenceSolution:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(source)
    return ReferenceSolution(path=path, category=category, language=language,
                             subtask_categories=per_subtask)


def _problem(tmp_path: Path, settings: Settings) -> StoredProblem:
    store = ProblemStore(tmp_path / "problems")
    stored = import_problem(write_problem(tmp_path / "sum"), store, settings.archive)
    root = stored.root
    solutions = [
        # int overflow: right on samples and small, wrong on full (test b1).
        _solution(root, "solutions/incorrect/overflow.cpp", OVERFLOW, "incorrect",
                  **{"00-samples": "correct", "01-small": "correct"}),
        _solution(root, "solutions/incorrect/claims_full.cpp", OVERFLOW, "incorrect",
                  **{"02-full": "correct", "03-missing": "correct"}),
        _solution(root, "solutions/correct/sol_sub1.cpp", CORRECT, "correct"),
        _solution(root, "solutions/correct/x_st2_overflow.cpp", OVERFLOW, "correct"),
        _solution(root, "solutions/time_limit/slow.cpp", OVERFLOW, "time_limit",
                  **{"01-small": "correct"}),
        _solution(root, "solutions/correct/Sol.java", "class Sol {}", "correct", "java"),
    ]
    return StoredProblem(stored.problem.model_copy(update={"solutions": solutions}), root)


def test_promises_per_subtask_with_evidence(
    env: JudgeEnv, judge_settings: Settings, tmp_path: Path
) -> None:
    report = verify_problem(Evaluator(env), _problem(tmp_path, judge_settings))
    checks = {Path(c.path).name: c for c in report.solutions}

    overflow = checks["overflow.cpp"]
    assert overflow.ok and overflow.verdict_ok, overflow.mismatches
    assert {e.subtask: e.category for e in overflow.expectations} == {
        "00-samples": "correct", "01-small": "correct"}

    claims = checks["claims_full.cpp"]
    assert not claims.ok
    mismatch, rest = claims.mismatches
    assert (rest.subtask, rest.saw) == ("00-samples, 01-small", "full score (40/40)")
    assert (mismatch.kind, mismatch.subtask, mismatch.test) == ("score", "02-full", "b1")
    assert mismatch.saw.startswith("WA") and mismatch.why == "Output isn't correct"
    assert claims.reason == mismatch.line()
    assert "on subtask 02-full at test b1" in claims.reason
    assert "03-missing" in claims.note

    by_name = checks["sol_sub1.cpp"]
    assert by_name.ok and [(e.index, e.source) for e in by_name.expectations] == [
        (1, "file name")]
    wrong_by_name = checks["x_st2_overflow.cpp"]
    assert not wrong_by_name.ok and wrong_by_name.mismatches[0].subtask == "02-full"

    slow = checks["slow.cpp"]  # the score promise holds; no TLE: a verdict note
    assert slow.ok and not slow.verdict_ok
    assert slow.mismatches[0].kind == "verdict" and slow.mismatches[0].test == "b1"

    java = checks["Sol.java"]
    assert java.skipped and java.ok and "java" in java.reason and java.seconds == 0
    assert not report.ok
    assert '"mismatches"' in report.model_dump_json()


def test_package_error_refuted_by_the_checker_on_a_test_the_model_passes(
    env: JudgeEnv, judge_settings: Settings, tmp_path: Path
) -> None:
    """A `correct/` solution the package's checker answers WA on a test that the
    model solution passes is a package error, counted apart from score
    mismatches; the model solution is judged first whatever the package order."""
    stored = _problem(tmp_path, judge_settings)
    root = stored.root
    solutions = [
        _solution(root, "solutions/correct/heuristic.cpp", OVERFLOW, "correct"),
        _solution(root, "solutions/model_solution/sol.cpp", CORRECT, "model_solution"),
        _solution(root, "solutions/correct/wrong.cpp", WRONG, "correct"),
    ]
    stored = StoredProblem(stored.problem.model_copy(update={"solutions": solutions}), root)
    report = verify_problem(Evaluator(env), stored, early_stop=True)
    checks = {Path(c.path).name: c for c in report.solutions}
    assert next(Path(c.path).name for c in report.solutions) == "sol.cpp"

    heuristic = checks["heuristic.cpp"]
    assert heuristic.ok and heuristic.package_error and heuristic.verdict_ok
    (refuted,) = heuristic.mismatches
    assert (refuted.refuted, refuted.subtask, refuted.test) == (True, "02-full", "b1")
    assert refuted.why == "Output isn't correct" and heuristic.reason == refuted.line()
    assert report.ok and not report.strict_ok
    assert '"refuted":true' in report.model_dump_json()
    assert checks["sol.cpp"].ok and not checks["sol.cpp"].package_error

    alone = StoredProblem(stored.problem.model_copy(update={"solutions": solutions[:1]}), root)
    without_model = verify_problem(Evaluator(env), alone, early_stop=True).solutions[0]
    assert not without_model.ok and not without_model.package_error  # nothing to compare with


# Wrong on the first subtask's test, too slow on the second's.
WRONG_THEN_SLOW = """#include <cstdio>
int main() { long long a, b; std::scanf("%lld %lld", &a, &b);
  if (a == 1) { std::printf("0\\n"); return 0; }
  for (volatile long long i = 0;; ++i) {} }
"""


def test_a_refuted_promise_takes_its_other_failures_with_it(
    env: JudgeEnv, judge_settings: Settings, tmp_path: Path
) -> None:
    """Once the package's checker disproves that a `correct/` program is correct
    (WA where the model passes), its TLE elsewhere is part of the same package
    error, not a score mismatch of the judge."""
    spec = PlainSpec(id="two", name="Two", time_limit=0.5, memory_limit_mb=256,
                     subtasks=[subtask("first", 50, "t1"), subtask("second", 50, "t2")])
    folder = PlainProblem(spec, {"t1": ("1 2\n", "3\n"), "t2": ("5 6\n", "11\n")}).write(
        tmp_path / "two")
    stored = import_problem(folder, ProblemStore(tmp_path / "problems"), judge_settings.archive)
    solutions = [
        _solution(stored.root, "solutions/model_solution/sol.cpp", CORRECT, "model_solution"),
        _solution(stored.root, "solutions/correct/heur.cpp", WRONG_THEN_SLOW, "correct"),
    ]
    stored = StoredProblem(stored.problem.model_copy(update={"solutions": solutions}), stored.root)
    heur = verify_problem(Evaluator(env), stored).solutions[1]
    assert [(m.test, m.saw.split()[0], m.refuted) for m in heur.mismatches] == [
        ("t1", "WA", True), ("t2", "TLE", True)]
    assert heur.ok and heur.package_error
