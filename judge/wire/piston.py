"""Piston v2's request and response (``POST /api/v2/execute``, ``GET
/api/v2/runtimes``), as engineer-man/piston ``docs/api-v2.md`` documents them,
so that clients written for Piston (Open R1's ``cms_ioi`` and CodeForces
packages) talk to us unchanged.

Units are Piston's: timeouts in milliseconds, memory limits in bytes (``-1``: no
limit), ``cpu_time``/``wall_time`` in milliseconds, ``memory`` in bytes."""

from __future__ import annotations

import base64
import binascii
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from judge.wire.submissions import checked_text


class PistonFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(None, description="Path in the job directory.")
    content: str
    encoding: Literal["utf8", "base64", "hex"] = "utf8"

    @field_validator("content", "name")
    @classmethod
    def _valid_text(cls, value: str | None) -> str | None:
        return None if value is None else checked_text(value)

    def data(self) -> bytes:
        """The decoded bytes; ValueError on bad base64 or hex."""
        try:
            if self.encoding == "base64":
                return base64.b64decode(self.content, validate=True)
            if self.encoding == "hex":
                return bytes.fromhex(self.content)
        except (binascii.Error, ValueError):
            raise ValueError(f"file {self.name!r} is not valid {self.encoding}") from None
        return self.content.encode()


class PistonExecuteRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    language: str = Field(description="A runtime's language or alias (GET /api/v2/runtimes).")
    version: str = Field("*", description="A version selector; `*` or the runtime's version.")
    files: list[PistonFile] = Field(min_length=1)
    stdin: str = ""
    args: list[str] = Field(default_factory=list)
    compile_timeout: float | None = Field(None, description="Milliseconds.")
    run_timeout: float | None = Field(None, description="Milliseconds (a wall-clock bound).")
    compile_memory_limit: int | None = Field(None, description="Bytes; -1: no limit.")
    run_memory_limit: int | None = Field(None, description="Bytes; -1: no limit.")

    @field_validator("language", "version", "stdin")
    @classmethod
    def _valid_text(cls, value: str) -> str:
        return checked_text(value)

    @field_validator("args")
    @classmethod
    def _valid_args(cls, value: list[str]) -> list[str]:
        return [checked_text(arg) for arg in value]


class PistonStage(BaseModel):
    """One stage's result (``run`` or ``compile``)."""

    stdout: str = ""
    stderr: str = ""
    output: str = Field("", description="stdout then stderr.")
    code: int | None = 0
    signal: str | None = None
    message: str | None = None
    status: str | None = Field(
        None, description="Piston's short status when not OK: TO (time), RE, SG (signal), XX."
    )
    cpu_time: float = Field(0.0, description="Milliseconds.")
    wall_time: float = Field(0.0, description="Milliseconds.")
    memory: int = Field(0, description="Peak bytes.")

    @classmethod
    def of(cls, stdout: str, stderr: str, code: int | None = 0, **extra: object) -> PistonStage:
        return cls.model_validate(
            {"stdout": stdout, "stderr": stderr, "output": stdout + stderr, "code": code, **extra}
        )


class PistonExecuteResponse(BaseModel):
    language: str
    version: str
    run: PistonStage
    compile: PistonStage | None = None


class PistonRuntime(BaseModel):
    language: str
    version: str
    aliases: list[str] = Field(default_factory=list)
    runtime: str | None = None


class PistonOutcome(BaseModel):
    """What a worker hands back to the API for one request: the response, or an
    error status with Piston's ``message``."""

    status: int = 200
    response: PistonExecuteResponse | None = None
    message: str = ""
