"""A problem whose checker does not compile cannot judge anything: every
submission gets a judge error (SE) that names the checker, before any test runs,
and a submission that does not compile keeps its own CE."""

from __future__ import annotations

from judge.grading.evaluate import Evaluator
from judge.grading.tasktypes.base import JudgeEnv, Submission
from judge.importers import import_problem
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import Settings
from judge.wire.results import CompileStatus


def _broken(settings: Settings) -> StoredProblem:
    root = settings.data_dir / "sources" / "broken-checker"
    (root / "tests").mkdir(parents=True)
    (root / "problem.toml").write_text('checker = "checker.cpp"\n')
    (root / "checker.cpp").write_text("int main( { this is not C++ }\n")
    (root / "tests" / "t.in").write_text("1\n")
    return import_problem(root, ProblemStore(settings.problems_dir), settings.archive)


def test_a_checker_that_does_not_compile_is_a_judge_error(
    env: JudgeEnv, judge_settings: Settings
) -> None:
    stored = _broken(judge_settings)
    evaluator = Evaluator(env)
    result = evaluator.evaluate(stored, Submission(language="python3", source="print(1)\n"))
    assert result.compile.status is CompileStatus.SE
    assert result.compile.message.startswith("the problem's checker does not compile")
    assert result.score == 0
    ce = evaluator.evaluate(stored, Submission(language="python3", source="def (:\n"))
    assert ce.compile.status is CompileStatus.CE
