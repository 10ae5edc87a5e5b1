"""Request and response models of the REST API (``/v1/submissions``), shared by
the service and the client. Results themselves are :mod:`judge.wire.results` models."""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from judge.wire.results import SubmissionResult

Priority = Literal["interactive", "batch"]
MAX_METADATA_DEPTH = 32
# CMS's name of the file answering one test (OutputOnly, BatchAndOutput).
OUTPUT_FILE = re.compile(r"^output_(.+)\.txt$")


def output_file_name(test: str) -> str:
    """The file that answers ``test``: ``output_<test>.txt``."""
    return f"output_{test}.txt"


def output_file_test(name: str) -> str | None:
    """The test an output file answers (``output_01.txt`` -> ``01``), or None."""
    found = OUTPUT_FILE.match(name)
    return found.group(1) if found else None


def checked_text(value: str) -> str:
    """JSON lets a request carry a lone UTF-16 surrogate (``"\\ud800"``), which no
    UTF-8 encoder (Redis, the response, the sandbox) accepts later on."""
    try:
        value.encode()
    except UnicodeEncodeError:
        raise ValueError("not valid Unicode (a lone surrogate)") from None
    return value


def checked_json(value: Any, depth: int = 0) -> Any:
    """Metadata is stored and answered as JSON: no NaN or Infinity, valid
    Unicode, and bounded nesting (deep nesting overflows the serializers)."""
    if depth > MAX_METADATA_DEPTH:
        raise ValueError(f"nested deeper than {MAX_METADATA_DEPTH} levels")
    if isinstance(value, str):
        checked_text(value)
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError("NaN and Infinity are not JSON numbers")
    elif isinstance(value, dict):
        for key, item in value.items():
            checked_text(str(key))
            checked_json(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            checked_json(item, depth + 1)
    return value


class SubmissionRequest(BaseModel):
    """One submission to judge (``POST /v1/submissions``): a source in a language,
    output files, or (BatchAndOutput) both."""

    problem_id: str
    language: str = Field("", description="Language of the source; may be empty without one.")
    source: str = ""
    outputs: dict[str, str] = Field(
        default_factory=dict,
        description="Output files by name, ``output_<test>.txt`` -> text (OutputOnly and "
        "BatchAndOutput problems).",
    )
    subtask: str | None = Field(
        None, description="Judge only this subtask (name, index or NN-name as 01-len64)."
    )
    early_stop: bool | None = Field(None, description="Stop a subtask at its first zero.")
    priority: Priority = "interactive"
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("problem_id", "language", "source", "subtask")
    @classmethod
    def _valid_unicode(cls, value: str | None) -> str | None:
        return value if value is None else checked_text(value)

    @field_validator("outputs")
    @classmethod
    def _output_files(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if output_file_test(name) is None:
                raise ValueError(f"output file {name[:100]!r} is not named output_<test>.txt")
            checked_text(name)
            checked_text(text)
        return value

    def test_outputs(self) -> dict[str, str]:
        """The output files by the test they answer."""
        return {output_file_test(name) or name: text for name, text in self.outputs.items()}

    @field_validator("metadata")
    @classmethod
    def _json_metadata(cls, value: dict[str, Any]) -> dict[str, Any]:
        return checked_json(value)


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


class SubmissionView(SubmissionState):
    """What ``GET /v1/submissions/{id}`` answers: the client's
    :class:`SubmissionState` plus where and when it was judged."""

    problem_id: str = ""
    problem_version: str = Field("", description="The problem version fixed at submit time.")
    language: str = ""
    priority: str = ""
    metadata: dict[str, Any] = Field(default_factory=dict)
    created_at: float | None = None
    started_at: float | None = None
    finished_at: float | None = None
    runs: int = Field(0, description="How many times a worker started judging it.")
    finishes: int = Field(
        0, description="How many times its result was written (1 once done: never twice)."
    )
