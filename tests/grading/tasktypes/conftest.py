"""Fixtures of the judging tests: settings on a temporary data dir, the shared
IOI 2024 packages imported, and one real judging environment for the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from shared_data import shared

from judge.grading.runtime import judge_env
from judge.grading.tasktypes.base import JudgeEnv
from judge.importers import import_problem
from judge.problems.model import BatchParams, Problem, Subtask, TaskType, TestCase
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import Settings


@pytest.fixture(scope="session")
def judge_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("judge-data"))


@pytest.fixture(scope="session")
def env(judge_settings: Settings) -> Iterator[JudgeEnv]:
    with judge_env(judge_settings) as built:
        yield built


@pytest.fixture(scope="session")
def shared_problems(judge_settings: Settings) -> dict[str, StoredProblem]:
    store = ProblemStore(judge_settings.problems_dir)
    return {
        name: import_problem(shared("ioi2024", f"{name}-CMS.zip"), store, judge_settings.archive)
        for name in ("aplusb", "machine", "message")
    }


@pytest.fixture(scope="session")
def plain(tmp_path_factory: pytest.TempPathFactory) -> StoredProblem:
    """A Batch task whose only test expects ``ok``."""
    store = ProblemStore(tmp_path_factory.mktemp("plain") / "problems")
    test = TestCase(name="t0", input="tests/t0.in", output="tests/t0.out")
    problem = Problem(
        id="plain",
        name="Plain",
        task_type=TaskType.BATCH,
        time_limit=0.5,
        memory_limit=256 << 20,
        batch=BatchParams(),
        tests=[test],
        subtasks=[Subtask(name="all", index=0, max_score=100, tests=["t0"])],
    )
    with store.staging() as staged:
        (staged / "tests").mkdir()
        (staged / "tests" / "t0.in").write_text("\n")
        (staged / "tests" / "t0.out").write_text("ok\n")
        return store.add(staged, problem)
