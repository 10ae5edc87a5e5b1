"""Task types, registered in one place: adding one is adding a module and a line here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from judge.grading.tasktypes.base import Acceptance, JudgeEnv, Prepared, Submission, TaskTypeBase
from judge.problems.model import Problem, TaskType
from judge.problems.store import StoredProblem

if TYPE_CHECKING:
    from judge.languages import Language


def _registry() -> dict[TaskType, type[TaskTypeBase]]:
    from judge.grading.tasktypes.batch import Batch
    from judge.grading.tasktypes.communication import Communication
    from judge.grading.tasktypes.output_only import OutputOnly

    return {
        TaskType.BATCH: Batch,
        TaskType.COMMUNICATION: Communication,
        TaskType.OUTPUT_ONLY: OutputOnly,
    }


def task_type_for(env: JudgeEnv, stored: StoredProblem) -> TaskTypeBase:
    return _registry()[stored.problem.task_type](env, stored)


def accepts(problem: Problem, language: Language) -> Acceptance:
    """Whether the problem's task type can judge a submission in ``language``."""
    return _registry()[problem.task_type].accepts(problem, language)


__all__ = [
    "Acceptance", "JudgeEnv", "Prepared", "Submission", "TaskTypeBase", "accepts", "task_type_for",
]
