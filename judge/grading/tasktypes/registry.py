"""The one place task types are registered: add a task type by adding its
module and a line here (as :mod:`judge.languages.registry` does for languages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from judge.grading.tasktypes.base import Acceptance, JudgeEnv, TaskTypeBase
from judge.grading.tasktypes.batch import Batch
from judge.grading.tasktypes.batch_and_output import BatchAndOutput
from judge.grading.tasktypes.communication import Communication
from judge.grading.tasktypes.output_only import OutputOnly
from judge.languages.registry import LANGUAGES
from judge.problems.model import Problem, TaskType
from judge.problems.store import StoredProblem

if TYPE_CHECKING:
    from judge.languages import Language

TASK_TYPES: dict[TaskType, type[TaskTypeBase]] = {
    TaskType.BATCH: Batch,
    TaskType.COMMUNICATION: Communication,
    TaskType.OUTPUT_ONLY: OutputOnly,
    TaskType.BATCH_AND_OUTPUT: BatchAndOutput,
}


def task_type_for(env: JudgeEnv, stored: StoredProblem) -> TaskTypeBase:
    return TASK_TYPES[stored.problem.task_type](env, stored)


def accepts(problem: Problem, language: Language) -> Acceptance:
    """Whether the problem's task type can judge a submission in ``language``."""
    return TASK_TYPES[problem.task_type].accepts(problem, language)


def accepted_languages(problem: Problem) -> list[str]:
    """The names of the languages a submission to ``problem`` may use."""
    return [name for name, lang in LANGUAGES.items() if accepts(problem, lang)]


def language_for(problem: Problem, name: str) -> Language:
    """The language ``name``, if the problem's task type accepts it
    (:class:`~judge.grading.tasktypes.base.UnsupportedLanguage` otherwise)."""
    return TASK_TYPES[problem.task_type].language(problem, name)
