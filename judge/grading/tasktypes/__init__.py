"""Task types, registered in one place: adding one is adding a module and a line here."""

from __future__ import annotations

from judge.grading.tasktypes.base import JudgeEnv, Prepared, Submission, TaskTypeBase
from judge.problems.model import TaskType
from judge.problems.store import StoredProblem


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


__all__ = ["JudgeEnv", "Prepared", "Submission", "TaskTypeBase", "task_type_for"]
