"""One rule finds a subtask from what a request or a dataset row says: the exact
name, the index, or open-r1's ``NN-name``."""

from __future__ import annotations

from judge.problems.model import Problem, Subtask, TaskType, TestCase, match_subtask
from judge.wire.problems import SubtaskInfo


def _problem(*names: str) -> Problem:
    return Problem(
        id="p", name="P", task_type=TaskType.BATCH, time_limit=1, memory_limit=1 << 28,
        tests=[TestCase(name="t", input="tests/t.in", output="tests/t.out")],
        subtasks=[Subtask(name=n, index=i, max_score=10, tests=["t"]) for i, n in enumerate(names)],
    )


def _found(problem: Problem, target: str) -> str | None:
    sub = problem.find_subtask(target)
    return None if sub is None else sub.name


def test_find_subtask_maps_dataset_names_to_store_names() -> None:
    store = _problem("samples", "len64", "full")
    assert _found(store, "len64") == "len64"
    assert _found(store, "01-len64") == "len64"
    assert _found(store, "2") == "full"
    assert _found(store, "03-len64") == "len64"  # name unique: index ignored
    assert _found(store, "nope") is None
    assert _found(_problem("00-samples"), "00-samples") == "00-samples"


def test_numbered_name_needs_the_index_when_the_name_is_not_unique() -> None:
    subtasks = [SubtaskInfo(name="a", index=1, max_score=1, tests=1),
                SubtaskInfo(name="a", index=2, max_score=1, tests=1)]
    found = match_subtask("02-a", subtasks)
    assert found is not None and found.index == 2
    assert match_subtask("03-a", subtasks) is None
