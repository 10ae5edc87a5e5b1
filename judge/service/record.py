"""One submission's Redis hash (``judge:sub:<id>``), typed: :class:`SubmissionRecord`.

The store (:mod:`judge.service.store`) writes a record whole once, when the
submission is queued; from then on its Lua transition script changes it field by
field (status, counters, result), using the field names below."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, Field

from judge.service.connection import text
from judge.wire.results import SubmissionResult
from judge.wire.submissions import SubmissionRequest, SubmissionStatus, SubmissionView

# Every read fetches these: without them a record cannot be typed.
CORE_FIELDS = ("status", "request", "problem_version", "created_at", "runs")
# What a submission's state needs (not the source, possibly large).
VIEW_FIELDS = (*CORE_FIELDS, "result", "error", "started_at", "finished_at", "finishes")
# What a row of the admin listing needs (not the result, possibly large).
SUMMARY_FIELDS = (*CORE_FIELDS, "error", "started_at", "finished_at", "score", "max_score")
# What a worker needs to judge it.
CLAIM_FIELDS = (*CORE_FIELDS, "source", "outputs", "reference")


class SubmissionRecord(BaseModel):
    """A submission as Redis keeps it; attribute names are the hash's field names.

    The request is kept in three fields, ``request`` (JSON without the source and
    output files), ``source`` and ``outputs`` (JSON, absent when there are none), so
    that reading a state does not fetch them: a record read without them has an
    empty source and no outputs. Fields still unset in Redis are None."""

    status: SubmissionStatus
    request: SubmissionRequest
    problem_version: str = Field(description="The problem version fixed at submit time.")
    created_at: float
    runs: int = Field(0, description="How many times a worker claimed it.")
    reference: bool = Field(
        False, description="A verify run's reference program (judge.service.verify_runs): "
        "output-only tests are answered by its own output, as `problems verify` does.",
    )
    started_at: float | None = Field(None, description="When the last claim was made.")
    worker: str | None = Field(None, description="The worker that claimed it last.")
    workers: list[str] | None = Field(None, description="Every claiming worker, in order.")
    result: SubmissionResult | None = None
    error: str | None = Field(None, description="Why it ended in error (a judge failure).")
    score: float | None = Field(None, description="The result's score, kept apart from it.")
    max_score: float | None = None
    finished_at: float | None = None
    finished_by: str | None = Field(None, description="``worker:run`` that wrote the result.")
    finishes: int | None = Field(None, description="Results written (never above 1).")
    finishes_refused: int | None = Field(None, description="Later results refused.")

    @classmethod
    def queued(cls, request: SubmissionRequest, version: str, now: float,
               reference: bool = False) -> SubmissionRecord:
        """A submission just accepted, to be judged against ``version``."""
        return cls(status=SubmissionStatus.QUEUED, request=request, problem_version=version,
                   created_at=now, reference=reference)

    def to_hash(self) -> dict[str, str]:
        """The hash fields, as text; fields that are None are left out."""
        fields = {
            "status": self.status.value,
            "request": self.request.model_dump_json(exclude={"source", "outputs"}),
            "source": self.request.source,
            "outputs": json.dumps(self.request.outputs) if self.request.outputs else None,
            "problem_version": self.problem_version,
            "created_at": repr(self.created_at),
            "runs": str(self.runs),
            "reference": "1" if self.reference else None,
            "started_at": _repr(self.started_at),
            "worker": self.worker,
            "workers": None if self.workers is None else ",".join(self.workers),
            "result": None if self.result is None else self.result.model_dump_json(),
            "error": self.error,
            "score": _repr(self.score),
            "max_score": _repr(self.max_score),
            "finished_at": _repr(self.finished_at),
            "finished_by": self.finished_by,
            "finishes": _repr(self.finishes),
            "finishes_refused": _repr(self.finishes_refused),
        }
        return {name: value for name, value in fields.items() if value is not None}

    @classmethod
    def from_values(cls, names: Sequence[str], values: Sequence[bytes | str | None]
                    ) -> SubmissionRecord | None:
        """The record of an ``HMGET`` of ``names`` that answered ``values``."""
        return cls.from_hash(dict(zip(names, values, strict=True)))

    @classmethod
    def from_hash(cls, fields: Mapping[str, bytes | str | None] | Mapping[bytes, bytes | str | None]
                  ) -> SubmissionRecord | None:
        """The record of a hash, whole (``HGETALL``) or in part (``HMGET`` of at least
        :data:`CORE_FIELDS`); None if there is none (never queued, or expired)."""
        row = {text(name): text(value) for name, value in fields.items()}
        status = row.get("status")
        if status is None:
            return None
        request = json.loads(row.get("request") or "{}")
        request["source"] = row.get("source") or ""
        request["outputs"] = json.loads(row.get("outputs") or "{}")
        result = row.get("result")
        workers = row.get("workers")
        return cls(
            status=SubmissionStatus(status),
            request=SubmissionRequest.model_validate(request),
            problem_version=row.get("problem_version") or "",
            created_at=_float(row.get("created_at")),
            runs=_int(row.get("runs")) or 0,
            reference=row.get("reference") == "1",
            started_at=_float(row.get("started_at")),
            worker=row.get("worker"),
            workers=workers.split(",") if workers else None,
            result=SubmissionResult.model_validate_json(result) if result else None,
            error=row.get("error"),
            score=_float(row.get("score")),
            max_score=_float(row.get("max_score")),
            finished_at=_float(row.get("finished_at")),
            finished_by=row.get("finished_by"),
            finishes=_int(row.get("finishes")),
            finishes_refused=_int(row.get("finishes_refused")),
        )

    def view(self, submission_id: str) -> SubmissionView:
        """What the API answers for this submission."""
        return SubmissionView(
            id=submission_id,
            status=self.status,
            result=self.result,
            error=self.error,
            problem_id=self.request.problem_id,
            problem_version=self.problem_version,
            language=self.request.language,
            priority=self.request.priority,
            metadata=self.request.metadata,
            created_at=self.created_at,
            started_at=self.started_at,
            finished_at=self.finished_at,
            runs=self.runs,
            finishes=self.finishes or 0,
        )


def _repr(value: float | None) -> str | None:
    return None if value is None else repr(value)


def _float(value: str | None) -> float | None:
    return float(value) if value else None


def _int(value: str | None) -> int | None:
    return int(value) if value else None
