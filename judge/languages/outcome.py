"""Turning a compiler run in the sandbox into a compile verdict."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from judge.sandbox.models import RunResult, RunStatus
from judge.wire.results import CompileStatus

_CUT_NOTE = "\n[compiler output cut]"


@dataclass(frozen=True)
class Outcome:
    status: CompileStatus
    message: str
    # False when the result may depend on the moment (wall-time limit, sandbox
    # failure): such results are not cached.
    cacheable: bool = True


def compile_outcome(run: RunResult, stdout: Path, stderr: Path, limit: int) -> Outcome:
    output = read_cut(stdout, limit) + read_cut(stderr, limit)
    if len(output) > limit:
        output = output[:limit] + _CUT_NOTE.encode()
    text = output.decode("utf-8", errors="replace")
    if run.status is RunStatus.OK and run.exit_code in (0, None):
        return Outcome(CompileStatus.OK, text)
    if run.status is RunStatus.SE:
        return Outcome(CompileStatus.SE, f"sandbox error while compiling: {run.message}", False)
    reason = _failure_reason(run, text)
    message = f"{reason}\n{text}" if reason else text
    return Outcome(
        CompileStatus.CE, message.strip() or "compilation failed", cacheable=run.limit_hit != "wall"
    )


def _failure_reason(run: RunResult, text: str) -> str:
    """A line on why the compiler stopped, when its own output may not say."""
    if run.status is RunStatus.OLE or "File size limit exceeded" in text:
        return "Compilation output limit exceeded (the program or a temporary file is too big)."
    if run.status is RunStatus.TLE:
        return f"Compilation time limit exceeded ({run.limit_hit or 'cpu'} time)."
    if run.status is RunStatus.MLE:
        return "Compilation memory limit exceeded."
    if run.status is RunStatus.SIG:
        return f"The compiler was killed by signal {run.signal}."
    if run.limit_hit == "processes":
        return "The compiler hit the process limit."
    return ""


def collect_artifacts(
    names: list[str], executable: bool, box: Path, stage: Path, outcome: Outcome
) -> Outcome:
    """Copy the compiled program out of the box into the staging directory."""
    for name in names:
        src = box / name
        if not src.is_file() or src.is_symlink():
            return replace(
                outcome,
                status=CompileStatus.CE,
                message=f"{outcome.message}\nThe compiler produced no {name}.".strip(),
            )
        shutil.copyfile(src, stage / name)
        os.chmod(stage / name, 0o755 if executable else 0o644)
    return outcome


def read_cut(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a file ('' if missing), to detect a cut."""
    try:
        with open(path, "rb") as f:
            return f.read(limit + 1)
    except OSError:
        return b""
