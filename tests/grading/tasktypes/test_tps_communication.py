"""An IOI 2017 TPS Communication task (The Big Prize): the manager prints a
verdict and a transcript, and the package's checker scores them, as TPS judged
it (``CommunicationParams.manager_output_to_checker``)."""

from __future__ import annotations

import pytest
from shared_data import shared

from judge.grading.evaluate import EvaluateOptions, Evaluator
from judge.grading.tasktypes.base import JudgeEnv, Submission
from judge.importers import import_problem
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import Settings
from judge.wire.results import Verdict

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def prize(judge_settings: Settings) -> StoredProblem:
    store = ProblemStore(judge_settings.problems_dir)
    return import_problem(shared("ioi2017-tps", "the_big_prize.zip"), store,
                          judge_settings.archive)


def _judge(env: JudgeEnv, prize: StoredProblem, solution: str, subtask: str):
    source = prize.path(f"solutions/{solution}").read_text()
    return Evaluator(env).evaluate(prize, Submission(language="cpp17", source=source),
                                   EvaluateOptions(subtask=subtask, early_stop=True))


def test_the_checker_scores_the_managers_transcript(env: JudgeEnv, prize: StoredProblem) -> None:
    assert prize.problem.communication is not None
    assert prize.problem.communication.manager_output_to_checker
    [category] = {s.category for s in prize.problem.solutions if s.path.endswith("/main.cpp")}
    assert category == "model_solution"
    model = _judge(env, prize, f"{category}/main.cpp", "v2")
    assert [s.status for s in model.subtasks] == [Verdict.AC] and model.score == 20
    # 6001 queries: the checker gives 0.875 of each test (partial credit).
    [q6001] = [s.path for s in prize.problem.solutions if s.path.endswith("/q6001.cpp")]
    partial = _judge(env, prize, q6001.removeprefix("solutions/"), "no_limit")
    [sub] = partial.subtasks
    assert sub.status is Verdict.PA and sub.score == 70
    assert {(t.score, t.message) for t in partial.tests} == {(0.875, "Partially Correct")}
