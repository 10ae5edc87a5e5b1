"""What ``GET /v1/languages`` answers: the names a submission's ``language`` takes."""

from __future__ import annotations

from pydantic import BaseModel, Field


class LanguageInfo(BaseModel):
    name: str = Field(description="What a submission's `language` says, e.g. cpp17.")
    family: str = Field(description="Grader family, e.g. cpp: the problem's grader files.")
    aliases: list[str] = Field(description="Other spellings rescoring and rewards accept.")
    extensions: list[str]
    compile: list[str] = Field(description="The compile (or check) command for one source.")
    version: str = Field(description="First line of the compiler's or interpreter's version.")
