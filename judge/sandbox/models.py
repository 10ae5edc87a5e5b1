"""Data crossing the sandbox boundary: limits, one command to run, its result.

The sandbox knows nothing of problems or languages: it runs argv in a box
under limits and reports what happened.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

MiB = 1024 * 1024


class RunStatus(StrEnum):
    OK = "OK"
    TLE = "TLE"  # cpu or wall limit, see RunResult.limit_hit
    MLE = "MLE"  # memory cgroup limit reached / OOM kill
    RE = "RE"  # nonzero exit code
    SIG = "SIG"  # killed by a signal
    OLE = "OLE"  # output or file size limit
    SE = "SE"  # the sandbox itself failed


class Limits(BaseModel):
    """Per-process limits. ``None`` means unlimited (for wall time: not allowed)."""

    cpu_time: float | None = Field(1.0, description="Seconds, summed over threads/children.")
    wall_time: float = Field(3.0, description="Seconds of real time.")
    memory: int | None = Field(256 * MiB, description="Bytes, peak of the memory cgroup.")
    processes: int = Field(1, description="Processes + threads (pids cgroup).")
    output: int = Field(64 * MiB, description="Bytes of any one file written (stdout too).")
    stack: int | None = Field(None, description="Bytes; None = unlimited, as at IOI.")
    open_files: int = 64


class RunSpec(BaseModel):
    """One command to run in a box.

    Paths in ``stdin``/``stdout``/``stderr`` and ``executable`` are host paths,
    opened by the (privileged) sandbox before dropping privileges, so a program
    can be fed a file it could not open itself. ``argv`` is seen from inside:
    the box is the working directory.
    """

    argv: list[str]
    limits: Limits = Field(default_factory=Limits)
    executable: Path | None = Field(
        None, description="Host path of the binary to exec (argv[0] is then only a name)."
    )
    stdin: Path | None = None
    stdout: Path | None = None
    stderr: Path | None = None
    env: dict[str, str] = Field(default_factory=dict)


LimitHit = Literal["cpu", "wall", "memory", "output", "processes"]


class RunResult(BaseModel):
    status: RunStatus
    limit_hit: LimitHit | None = None
    cpu_time: float = 0.0
    wall_time: float = 0.0
    memory: int = Field(0, description="Peak bytes of the memory cgroup (maxrss if degraded).")
    exit_code: int | None = None
    signal: int | None = None
    message: str = ""
    degraded: str | None = Field(
        None, description="Set when isolation or accounting was weaker than configured."
    )
    killed_by_judge: bool = Field(
        False, description="Stopped on request (RunHandle.kill / run_group grace), not a limit."
    )
