"""From what the launcher observed to a :class:`RunResult`.

Order of precedence: a sandbox failure (SE) first; then CPU time over the
limit (TLE cpu, even if the program exited by itself); wall time (TLE wall);
memory (an OOM kill, or a failed run with a cgroup peak at the limit: MLE); file size
(SIGXFSZ, or stdout/stderr at the limit, or a failed program with any file of
the box at the limit: OLE); then a signal (SIG; SIGXCPU is
the RLIMIT_CPU backstop, so TLE), a nonzero exit (RE), else OK.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from judge.sandbox.models import LimitHit, Limits, RunResult, RunSpec, RunStatus
from judge.sandbox.protocol import Response


def to_result(
    raw: Response, spec: RunSpec, degraded: str | None, box: Path | None = None
) -> RunResult:
    status, hit = _classify(raw, spec, degraded is not None)
    if status in (RunStatus.RE, RunStatus.SIG) and box is not None and _file_at_limit(box, spec):
        status, hit = RunStatus.OLE, "output"
    return RunResult(
        status=status,
        limit_hit=hit,
        cpu_time=round(raw.cpu, 6),
        wall_time=round(raw.wall, 6),
        memory=max(raw.memory_peak, 0),
        exit_code=raw.exit_code if raw.exited else None,
        signal=raw.signal or None,
        message=_message(raw, status, hit, spec.limits.processes),
        degraded=degraded,
        killed_by_judge=raw.killed,
    )


def _classify(raw: Response, spec: RunSpec, degraded: bool) -> tuple[RunStatus, LimitHit | None]:
    limits = spec.limits
    if raw.setup_failed:
        return RunStatus.SE, None
    if raw.cpu_exceeded or (limits.cpu_time is not None and raw.cpu > limits.cpu_time):
        return RunStatus.TLE, "cpu"
    if raw.wall_exceeded:
        return RunStatus.TLE, "wall"
    if raw.killed:
        return _plain(raw)
    if _memory_exceeded(raw, limits, degraded):
        return RunStatus.MLE, "memory"
    if raw.signal == signal.SIGXFSZ or _output_exceeded(spec):
        return RunStatus.OLE, "output"
    if raw.signal == signal.SIGXCPU:
        return RunStatus.TLE, "cpu"
    status, hit = _plain(raw)
    if status is not RunStatus.OK and raw.pids_hit:
        return status, "processes"
    return status, hit


def _plain(raw: Response) -> tuple[RunStatus, LimitHit | None]:
    if raw.signal:
        return RunStatus.SIG, None
    if raw.exit_code != 0:
        return RunStatus.RE, None
    return RunStatus.OK, None


def _memory_exceeded(raw: Response, limits: Limits, degraded: bool) -> bool:
    """An OOM kill, or a failed run whose cgroup peak reached the limit (a run that
    succeeded there only had page cache reclaimed: not MLE).

    Degraded (RLIMIT_AS, peak = maxrss): allocations fail before the resident
    size reaches the limit, so a failed run with 3/4 of it resident is taken as
    MLE — an approximation, as the result's ``degraded`` says."""
    if raw.oom_kills > 0:
        return True
    failed = raw.signal != 0 or raw.exit_code != 0
    if not failed or limits.memory is None:
        return False
    threshold = limits.memory * 3 // 4 if degraded else limits.memory
    return raw.memory_peak >= threshold


def _output_exceeded(spec: RunSpec) -> bool:
    """A program that ignores SIGXFSZ gets EFBIG; its file is then at the limit."""
    for path in (spec.stdout, spec.stderr):
        if path is not None and _size(path) >= spec.limits.output:
            return True
    return False


def _file_at_limit(box: Path, spec: RunSpec, max_entries: int = 1000) -> bool:
    """A program that failed after a write got EFBIG (Python ignores SIGXFSZ)."""
    seen = 0
    for directory, _, names in os.walk(box):
        for name in names:
            seen += 1
            if seen > max_entries:
                return False
            if _size(Path(directory) / name) >= spec.limits.output:
                return True
    return False


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def process_limit_message(processes: int) -> str:
    """Why a program that failed after a refused fork/clone failed (its runtime
    usually aborts: std::thread throws, Python raises)."""
    allowed = "1 process" if processes == 1 else f"{processes} processes and threads"
    return f"could not start a thread or process: this task allows {allowed}"


def _message(raw: Response, status: RunStatus, hit: LimitHit | None, processes: int) -> str:
    if status is RunStatus.SE:
        return raw.message or "sandbox failure"
    parts = [process_limit_message(processes)] if hit == "processes" else []
    if status is RunStatus.TLE:
        parts.append(f"{hit} time limit exceeded")
    elif status is RunStatus.MLE:
        parts.append("memory limit exceeded" + (" (OOM kill)" if raw.oom_kills else ""))
    elif status is RunStatus.OLE:
        parts.append("output limit exceeded")
    if raw.signal:
        parts.append(f"killed by {_signame(raw.signal)}")
    elif raw.exited and raw.exit_code:
        parts.append(f"exit code {raw.exit_code}")
    if raw.killed:
        parts.append("stopped by the judge")
    if raw.message:
        parts.append(raw.message)
    return "; ".join(parts)


def _signame(num: int) -> str:
    try:
        return signal.Signals(num).name
    except ValueError:
        return f"signal {num}"
