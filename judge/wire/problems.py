"""What ``/v1/problems`` answers: one model for the service (which builds it from
a stored :class:`judge.problems.model.Problem`) and the client (which reads it).

The client tolerates fields a newer service adds: pydantic ignores unknown
fields, and the tests hold it to that."""

from __future__ import annotations

from pydantic import BaseModel, Field

from judge.wire.verify import VerifySummary


class SubtaskInfo(BaseModel):
    name: str
    index: int
    max_score: float
    tests: int


class ProblemInfo(BaseModel):
    id: str
    version: str = Field(description="Content hash; every result names the version it used.")
    name: str
    task_type: str
    time_limit: float
    memory_limit: int
    tests: int
    max_score: float
    subtasks: list[SubtaskInfo]
    languages: list[str] = Field(
        description="Languages a submission may use (names as in /v1/languages)."
    )
    output_only_tests: list[str] = Field(
        default_factory=list,
        description="BatchAndOutput: tests answered only by an output file `output_<test>.txt`.",
    )
    created: bool | None = Field(None, description="Upload only: False if this version existed.")
    last_verify: VerifySummary | None = Field(
        None, description="The last service verify run (POST /v1/problems/{id}/verify), of "
        "any version; None if it was never verified on the service.",
    )
