"""The body of every error answer of the REST API."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    """The body of every error answer."""

    message: str = Field(description="What is wrong, one line, meant for a person.")
    detail: str = Field(description="The same text (FastAPI clients read `detail`).")
