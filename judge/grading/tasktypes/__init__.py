"""Task types (Batch, BatchAndOutput, Communication, OutputOnly): one module each behind
:class:`~judge.grading.tasktypes.base.TaskTypeBase`, registered in
:mod:`judge.grading.tasktypes.registry`."""

from __future__ import annotations

from judge.grading.tasktypes.base import (
    Acceptance,
    JudgeEnv,
    Prepared,
    Submission,
    TaskTypeBase,
    UnsupportedLanguage,
)
from judge.grading.tasktypes.registry import (
    accepted_languages,
    accepts,
    language_for,
    task_type_for,
)

__all__ = [
    "Acceptance", "JudgeEnv", "Prepared", "Submission", "TaskTypeBase", "UnsupportedLanguage",
    "accepted_languages", "accepts", "language_for", "task_type_for",
]
