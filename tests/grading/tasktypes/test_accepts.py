"""A task type says which languages it can judge for a problem: a submission
compiled with the problem's grader needs a grader in its language's family."""

from __future__ import annotations

import pytest

from judge.grading.tasktypes import UnsupportedLanguage, accepts, language_for
from judge.languages import get_language
from judge.problems.model import (
    BatchParams,
    GraderFiles,
    Problem,
    Subtask,
    TaskType,
    TestCase,
    TrustedProgram,
)

CPP_ONLY = {"cpp": GraderFiles(sources=["graders/grader.cpp"])}


def _problem(task_type: TaskType, **fields: object) -> Problem:
    return Problem.model_validate({
        "id": "p", "name": "P", "task_type": task_type, "time_limit": 1,
        "memory_limit": 1 << 28,
        "tests": [TestCase(name="t", input="tests/t.in", output="tests/t.out")],
        "subtasks": [Subtask(name="all", index=0, max_score=100, tests=["t"])],
        **fields,
    })


def test_batch_alone_accepts_every_language() -> None:
    problem = _problem(TaskType.BATCH, batch=BatchParams(compilation="alone"))
    assert accepts(problem, get_language("python3"))
    assert accepts(problem, get_language("cpp17"))


def test_a_grader_is_needed_in_the_language_family() -> None:
    manager = TrustedProgram(source="graders/manager.cpp")
    for problem in (
        _problem(TaskType.BATCH, batch=BatchParams(compilation="grader"), graders=CPP_ONLY),
        _problem(TaskType.COMMUNICATION, graders=CPP_ONLY, manager=manager),
    ):
        assert accepts(problem, get_language("cpp17"))
        answer = accepts(problem, get_language("python3"))
        assert not answer
        assert answer.reason == (
            "problem 'p' has no python grader; it can be solved in: cpp17, cpp20"
        )


def test_language_for_says_why_not() -> None:
    problem = _problem(TaskType.BATCH, batch=BatchParams(compilation="grader"))
    with pytest.raises(UnsupportedLanguage, match="no cpp grader; it can be solved in: none"):
        language_for(problem, "cpp17")
    with pytest.raises(UnsupportedLanguage, match="cobol"):
        language_for(problem, "cobol")
    assert language_for(_problem(TaskType.OUTPUT_ONLY), "python3").name == "python3"
