"""What the operations endpoints ``/healthz`` and ``/readyz`` answer."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Health(BaseModel):
    """``/healthz`` answers ``ok`` alone (the API process is up, nothing else is
    looked at); ``/readyz`` also what it looked at."""

    ok: bool
    redis: bool | None = Field(None, description="readyz: Redis answered.")
    workers: int | None = Field(None, description="readyz: live workers.")
    message: str = ""
