"""Problems: the shared model and the on-disk store."""

from judge.problems.model import Problem, Subtask, TaskType, TestCase
from judge.problems.store import ProblemNotFound, ProblemStore, StoredProblem

__all__ = [
    "Problem",
    "ProblemNotFound",
    "ProblemStore",
    "StoredProblem",
    "Subtask",
    "TaskType",
    "TestCase",
]
