"""Rows of rescoring: one model generation in, one result row out.

Input rows follow the open-r1 IOI evaluation schema (``year``, ``problem_id``,
a unique id column, the targeted ``subtask``/``target_subtask``, ``code`` or a
raw ``generation``, ``metadata.usage``). Output rows keep open-r1's field names
(``target_subtask``, ``code_compiles``, ``all_subtasks_points``,
``all_subtasks_results`` with ``subtask``/``score``/``weighted_score``/``points``/
``status``) so that tools written for open-r1 results read them unchanged, and add
the stored problem and its exact version.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Generation(BaseModel):
    """One model generation to rescore (normalised from an input row)."""

    key: str = Field(description="Unique key of the row: '<year>/<problem_id>/<id>'.")
    id: str
    year: int | None = None
    problem_id: str
    day: str | None = None
    target_subtask: str | None = None
    code: str | None = Field(None, description="The code, if the input had a `code` column.")
    generation: str | None = None
    language: str | None = None
    output_tokens: int | None = None
    input_fields: dict[str, Any] = Field(
        default_factory=dict,
        description="The input row's own fields (uuid, metadata, ...), kept on its result row.",
    )


class RowStatus(StrEnum):
    JUDGED = "judged"  # this row's source was judged in this run
    DUPLICATE = "duplicate"  # same (version, language, source) as a judged row: result reused
    NO_CODE = "no_code"  # no code block could be extracted: not judged
    ERROR = "error"  # could not be judged (unknown problem, judge failure): retried next run


class OpenR1SubtaskResult(BaseModel):
    """A subtask's result in open-r1's shape: ``score`` is the fraction in [0, 1]
    (not points, as everywhere else), ``weighted_score`` the points earned,
    ``points`` the subtask's worth."""

    problem: str
    subtask: str
    index: int
    score: float
    weighted_score: float
    points: float
    status: str

    @property
    def name(self) -> str:
        """The subtask's name, as :func:`judge.problems.model.match_subtask` reads it."""
        return self.subtask


class RescoreRow(BaseModel):
    """One line of the results file: the fields below, and the input row's other
    fields as they were (``uuid``, ``metadata``, ..., as open-r1's results keep
    them); where a name is taken, the field below wins."""

    model_config = ConfigDict(extra="allow")

    key: str
    id: str
    year: int | None = None
    problem_id: str
    day: str | None = None
    problem: str = Field("", description="Id of the stored problem it was judged against.")
    problem_version: str = ""
    score_precision: int = Field(2, description="Decimals of the problem's scores.")
    target_subtask: str | None = None
    language: str = ""
    source_hash: str | None = Field(None, description="Dedupe key: sha256 of version+lang+src.")
    status: RowStatus
    verdict: str = Field(description="AC, PA, the worst failing verdict, CE, NO_CODE or ERROR.")
    code_compiles: bool = False
    compile_message: str = ""
    all_subtasks_points: float = 0.0
    max_score: float = 0.0
    all_subtasks_results: list[OpenR1SubtaskResult] = Field(default_factory=list)
    target_subtask_score: float | None = None
    target_subtask_status: str | None = None
    output_tokens: int | None = None
    generation_chars: int = 0
    tests_run: int = 0
    judge_seconds: float = Field(0.0, description="Judging alone, queue wait excluded.")
    queue_seconds: float | None = Field(
        None, description="Waiting in the service's queue (--server); None when judged locally."
    )
    code: str | None = None
    error: str | None = None

    @property
    def done(self) -> bool:
        """A row that needs no more work on a rerun (errors are retried)."""
        return self.status is not RowStatus.ERROR


def source_hash(problem_version: str, language: str, source: str) -> str:
    h = hashlib.sha256()
    for part in (problem_version, language, source):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()
