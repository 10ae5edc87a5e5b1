"""What the operations endpoints ``/healthz`` and ``/readyz`` answer."""

from __future__ import annotations

from pydantic import BaseModel


class Health(BaseModel):
    ok: bool
    redis: bool = True
    workers: int = 0
    message: str = ""
