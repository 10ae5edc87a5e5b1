"""What the admin read APIs answer (``/v1/admin/...``): the submission listing,
one submission with its source, and the service's queues, workers and
throughput. A submission's state and result are the ones of
:class:`judge.wire.submissions.SubmissionView`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from judge.wire.submissions import SubmissionStatus, SubmissionView

Isolation = Literal["cgroup-v1", "cgroup-v2", "degraded", "unknown"]


class SubmissionSummary(BaseModel):
    """One row of ``GET /v1/admin/submissions`` (no result details, no source)."""

    id: str
    status: SubmissionStatus
    problem_id: str
    problem_version: str
    language: str
    priority: str
    score: float | None = Field(None, description="Set once done.")
    max_score: float | None = None
    created_at: float
    started_at: float | None = None
    finished_at: float | None = None
    error: str | None = None
    metadata: dict[str, object] = Field(default_factory=dict)


class SubmissionPage(BaseModel):
    """``GET /v1/admin/submissions``: recent first."""

    submissions: list[SubmissionSummary]
    next_before: str | None = Field(
        None, description="Pass as `before=` for the next (older) page; None at the end.",
    )


class AdminSubmission(SubmissionView):
    """``GET /v1/admin/submissions/{id}``: the state and result (per subtask and
    per test) as ``GET /v1/submissions/{id}`` gives them, plus the source and
    who judged it."""

    source: str = ""
    output_files: list[str] = Field(
        default_factory=list, description="Names of the output files it carried.",
    )
    subtask: str | None = Field(None, description="The one subtask asked for, if any.")
    early_stop: bool | None = None
    worker: str | None = Field(None, description="The worker that claimed it last.")
    workers: list[str] = Field(default_factory=list, description="Every claiming worker.")


class QueueInfo(BaseModel):
    priority: str
    queued: int = Field(description="Jobs waiting.")
    running: int = Field(description="Jobs a worker has started.")


class WorkerInfo(BaseModel):
    name: str
    hostname: str = ""
    pid: int | None = None
    state: str = Field(description="RQ's state: busy, idle, suspended, ...")
    busy: bool
    current_submission: str | None = None
    isolation: Isolation = Field(
        description="How the worker's sandbox isolates: cgroup-v1, cgroup-v2, or degraded "
        "(rlimits only); unknown for a worker that does not say.",
    )
    isolation_detail: str = Field("", description="The sandbox's own description.")
    started_at: float | None = None
    last_heartbeat: float | None = None


class ThroughputPoint(BaseModel):
    minute: int = Field(description="Start of the minute (Unix seconds, a multiple of 60).")
    judged: int = Field(description="Submissions judged (results written) in that minute.")


class ServiceStatus(BaseModel):
    """``GET /v1/admin/service``."""

    queues: list[QueueInfo]
    workers_alive: int
    workers_busy: int
    workers: list[WorkerInfo]
    throughput: list[ThroughputPoint] = Field(
        description="The last 60 minutes, oldest first (the current minute last).",
    )
    isolation: list[Isolation] = Field(
        description="The isolation modes the live workers use (one, on a uniform fleet).",
    )
