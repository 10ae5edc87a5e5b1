"""What the operations endpoints ``/healthz`` and ``/readyz`` answer."""

from __future__ import annotations

from pydantic import BaseModel, Field

from judge.wire.results import IsolationMode


class Health(BaseModel):
    """``/healthz`` answers ``ok`` alone (the API process is up, nothing else is
    looked at); ``/readyz`` also what it looked at."""

    ok: bool
    redis: bool | None = Field(None, description="readyz: Redis answered.")
    workers: int | None = Field(None, description="readyz: live workers.")
    isolation: dict[IsolationMode, int] | None = Field(
        None, description="readyz: live workers per sandbox isolation mode.")
    degraded_workers: int | None = Field(
        None, description="readyz: live workers judging in the degraded rlimits mode (no "
        "writable cgroup hierarchy: memory by RLIMIT_AS, CPU by rusage). Still ready.")
    message: str = ""
