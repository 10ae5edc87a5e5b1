"""Request and response models of the REST API (``/v1/submissions``), shared by
the service and the client. Results themselves are :mod:`judge.results` models."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

from judge.results import SubmissionResult

Priority = Literal["interactive", "batch"]


class SubmissionRequest(BaseModel):
    """One submission to judge (``POST /v1/submissions``)."""

    problem_id: str
    language: str
    source: str
    subtask: str | None = Field(None, description="Judge only this subtask (name or index).")
    early_stop: bool | None = Field(None, description="Stop a subtask at its first zero.")
    priority: Priority = "interactive"
    metadata: dict[str, Any] = Field(default_factory=dict)


class BatchRequest(BaseModel):
    """Several submissions at once (``POST /v1/submissions/batch``, at most 1000)."""

    submissions: list[SubmissionRequest] = Field(max_length=1000)


class SubmissionStatus(StrEnum):
    QUEUED = "queued"
    COMPILING = "compiling"
    RUNNING = "running"
    DONE = "done"
    ERROR = "error"

    @property
    def finished(self) -> bool:
        return self in (SubmissionStatus.DONE, SubmissionStatus.ERROR)


class Accepted(BaseModel):
    """The answer to a POST: the new submission's id and its status."""

    id: str
    status: SubmissionStatus


class BatchAccepted(BaseModel):
    ids: list[str]


class SubmissionState(BaseModel):
    """A submission as the service reports it (``GET /v1/submissions/{id}``).

    ``result`` is set once ``status`` is ``done``; ``error`` once it is ``error``
    (an internal failure of the judge, not a verdict of the program)."""

    id: str
    status: SubmissionStatus
    result: SubmissionResult | None = None
    error: str | None = None
