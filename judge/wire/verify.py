"""What verifying a problem's reference solutions reports: ``ioi-judge problems
verify --json`` (:class:`VerifyReport`, judged locally) and the service's
``/v1/problems/{id}/verify`` (:class:`VerifyRun`, judged by the workers) share
the promise and mismatch models, built by :mod:`judge.grading.verify`."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from judge.wire.results import Verdict
from judge.wire.submissions import SubmissionStatus


class Expectation(BaseModel):
    """The category one subtask is expected to get, and who says so."""

    subtask: str
    index: int
    category: str
    source: Literal["package", "file name"]


class Mismatch(BaseModel):
    """One broken promise, with its evidence."""

    kind: Literal["score", "verdict"]
    expected: str
    subtask: str | None = None  # None: the promise is about the whole problem
    test: str | None = None
    saw: str
    why: str = ""
    # The package's own checker or manager refutes the promise
    # (judge/grading/package_errors.py): a package error, not a judge mismatch.
    refuted: bool = False

    def line(self) -> str:
        where = f" on subtask {self.subtask}" if self.subtask is not None else ""
        if self.test is not None:
            where += f" at test {self.test}"
        why = f": {self.why}" if self.why else ""
        return f"expected {self.expected}{where}, saw {self.saw}{why}"


class SolutionCheck(BaseModel):
    """One reference solution judged locally (``problems verify``)."""

    path: str
    category: str
    language: str = ""
    score: float
    max_score: float
    verdicts: list[Verdict]
    seconds: float
    ok: bool
    verdict_ok: bool
    package_error: bool = False
    reason: str = ""
    note: str = ""
    skipped: bool = False
    expectations: list[Expectation] = []
    mismatches: list[Mismatch] = []


class VerifyReport(BaseModel):
    """``ioi-judge problems verify --json``."""

    problem: str
    problem_version: str
    solutions: list[SolutionCheck]
    seconds: float

    @property
    def ok(self) -> bool:
        """Every score promise holds (skipped solutions make none)."""
        return all(s.ok for s in self.solutions)

    @property
    def strict_ok(self) -> bool:
        """Every score and every verdict promise holds, and no package error."""
        return all(s.ok and s.verdict_ok and not s.package_error for s in self.solutions)


class VerifyStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (VerifyStatus.DONE, VerifyStatus.FAILED)


class VerifyRequest(BaseModel):
    """The optional body of ``POST /v1/problems/{id}/verify``."""

    early_stop: bool = Field(
        False, description="Stop each subtask at its first zero (faster for slow wrong "
        "solutions; the failing verdict a category names is still seen).",
    )


class SubtaskOutcome(BaseModel):
    """What one solution got on one subtask, and the test that decided it."""

    subtask: str
    index: int
    score: float
    max_score: float
    verdict: Verdict
    test: str | None = Field(
        None, description="The deciding test: the first test with the subtask's lowest "
        "score (None when every test is accepted).",
    )
    message: str = Field("", description="That test's checker or manager message.")


class SolutionRun(BaseModel):
    """One reference solution of a service verify run: its submission, what its
    category promises per subtask and what it got."""

    name: str = Field(description="Path of the solution in the package.")
    category: str
    language: str
    submission_id: str | None = Field(None, description="None when it was skipped.")
    status: SubmissionStatus | Literal["skipped", "lost"] = Field(
        description="Its submission's status; skipped (not submitted: see reason) or lost "
        "(its submission expired or vanished)."
    )
    reason: str = Field("", description="Why it was skipped, or why its judging failed.")
    expected: dict[str, str | None] = Field(
        default_factory=dict, description="Subtask name -> the category promised for it "
        "(None: no promise for that subtask).",
    )
    expectations: list[Expectation] = Field(
        default_factory=list, description="The per-subtask promises, as `problems verify`.",
    )
    got: list[SubtaskOutcome] = Field(default_factory=list, description="Once judged.")
    score: float | None = None
    max_score: float | None = None
    ok: bool | None = Field(None, description="Score promises hold (None until judged).")
    verdict_ok: bool | None = Field(None, description="Verdict promises hold too.")
    package_error: bool | None = Field(
        None, description="Some broken promise is refuted by the package's own checker on a "
        "test every model solution passes (`refuted` mismatches, listed last).",
    )
    note: str = ""
    mismatches: list[Mismatch] = Field(default_factory=list)


class VerifyRun(BaseModel):
    """``GET /v1/problems/{id}/verify``: the last verify run of a problem, derived
    from its solutions' submissions."""

    problem_id: str
    version: str
    status: VerifyStatus
    started_at: float
    finished_at: float | None = None
    early_stop: bool = False
    total: int = Field(description="Solutions judged (skipped ones not counted).")
    done: int = Field(description="Of those, how many are finished.")
    solutions: list[SolutionRun]
    mismatch_count: int = Field(
        description="Broken score promises (what verify requires), package errors apart.")
    verdict_note_count: int = Field(
        0, description="Broken verdict promises where the score promise holds "
        "(`problems verify --strict` fails on these).",
    )
    package_error_count: int = Field(
        0, description="Solutions whose broken promises the package itself refutes.")


class VerifySummary(BaseModel):
    """The last verify run in a problem listing (``ProblemInfo.last_verify``)."""

    version: str
    status: VerifyStatus
    started_at: float
    finished_at: float | None = None
    total: int
    done: int
    mismatch_count: int
    verdict_note_count: int = 0
    package_error_count: int = 0

    @classmethod
    def of(cls, run: VerifyRun) -> VerifySummary:
        return cls(version=run.version, status=run.status, started_at=run.started_at,
                   finished_at=run.finished_at, total=run.total, done=run.done,
                   mismatch_count=run.mismatch_count,
                   verdict_note_count=run.verdict_note_count,
                   package_error_count=run.package_error_count)
