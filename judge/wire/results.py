"""The result schema: one set of models shared by the CLI (``evaluate --json``),
the worker, the REST API and the Python client."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

# How a worker's sandbox isolates runs (judge.sandbox.Sandbox.isolation_mode):
# "rlimits" is the degraded mode of a host with no writable cgroup hierarchy.
IsolationMode = Literal["cgroup-v1", "cgroup-v2", "rlimits"]
ISOLATION_MODES: tuple[IsolationMode, ...] = ("cgroup-v1", "cgroup-v2", "rlimits")


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
    stderr: str = Field(
        "", description="On a runtime error: the last lines the program wrote to stderr "
        "(none where the deployment keeps none: JUDGE_STDERR_TAIL_LINES=0).",
    )


class SubtaskResult(BaseModel):
    name: str
    index: int
    max_score: float
    score: float = Field(description="Points: fraction x max_score, rounded.")
    fraction: float = Field(
        ge=0.0, le=1.0, description="Min of the tests' scores, unrounded (says, for a "
        "0-point samples subtask, whether the samples pass)."
    )
    status: Verdict
    tests: list[str]

    @model_validator(mode="before")
    @classmethod
    def _default_fraction(cls, data: Any) -> Any:
        """Results stored before ``fraction`` existed: score / max_score, or for
        a 0-point subtask 1 if accepted, else 0."""
        if not isinstance(data, dict) or "fraction" in data:
            return data
        max_score, score = data.get("max_score"), data.get("score")
        if not isinstance(max_score, int | float) or not isinstance(score, int | float):
            return data  # let the field validation say what is wrong
        if max_score > 0:
            fraction = min(1.0, max(0.0, score / max_score))
        else:
            fraction = 1.0 if data.get("status") == Verdict.AC else 0.0
        return {**data, "fraction": fraction}


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
    isolation: IsolationMode | None = Field(
        None, description="How the sandbox limited and measured the runs: cgroup-v1, "
        "cgroup-v2, or rlimits (degraded: memory by RLIMIT_AS, CPU by rusage; see "
        "`warnings`). None in results stored before it was recorded.",
    )
