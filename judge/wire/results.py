"""The result schema: one set of models shared by the CLI (``evaluate --json``),
the worker, the REST API and the Python client."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class Verdict(StrEnum):
    """Verdict of one test (and, as the worst of its tests, of a subtask)."""

    AC = "AC"
    PA = "PA"
    WA = "WA"
    TLE = "TLE"
    MLE = "MLE"
    RE = "RE"
    OLE = "OLE"
    CE = "CE"
    SE = "SE"
    SKIPPED = "SKIPPED"


# Worst first: a subtask's status is the first of these among its tests.
VERDICT_SEVERITY: list[Verdict] = [
    Verdict.SE,
    Verdict.CE,
    Verdict.TLE,
    Verdict.MLE,
    Verdict.OLE,
    Verdict.RE,
    Verdict.WA,
    Verdict.PA,
    Verdict.SKIPPED,
    Verdict.AC,
]


def worst_verdict(verdicts: list[Verdict]) -> Verdict:
    """The most severe verdict; AC for an empty list."""
    for v in VERDICT_SEVERITY:
        if v in verdicts:
            return v
    return Verdict.AC


class CompileStatus(StrEnum):
    OK = "OK"
    CE = "CE"
    SE = "SE"


class CompileInfo(BaseModel):
    status: CompileStatus
    message: str = ""
    time: float = Field(0.0, description="Wall seconds spent compiling (0 on a cache hit).")
    cached: bool = False

    @property
    def ok(self) -> bool:
        """Whether it compiled: the one way every caller asks."""
        return self.status is CompileStatus.OK


class TestResult(BaseModel):
    __test__ = False  # not a pytest test class

    name: str
    status: Verdict
    score: float = Field(ge=0.0, le=1.0)
    message: str = ""
    cpu_time: float = 0.0
    wall_time: float = 0.0
    memory: int = Field(0, description="Peak memory in bytes.")


class SubtaskResult(BaseModel):
    name: str
    index: int
    max_score: float
    score: float = Field(description="Points: min of the tests' scores x max_score, rounded.")
    status: Verdict
    tests: list[str]


class SubmissionResult(BaseModel):
    problem: str
    problem_version: str
    language: str
    compile: CompileInfo
    score: float
    max_score: float
    subtasks: list[SubtaskResult]
    tests: list[TestResult]
    warnings: list[str] = Field(
        default_factory=list, description="e.g. the sandbox ran without cgroups."
    )
