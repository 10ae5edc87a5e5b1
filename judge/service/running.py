"""What ``ioi-judge up`` started on this host, kept in ``<data_dir>/up.json`` so
that ``ioi-judge status`` can show it and ``ioi-judge down`` can stop it.

The file names the supervisor's pid; the supervisor stops its children in order
on SIGTERM (workers first, each finishing its current submission, then the API,
then a Redis it started), so ``down`` only signals it and waits. A file left by
a supervisor that died is recognised by its pid (gone, or another program) and
ignored."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil
from pydantic import BaseModel, Field

STATE_FILE = "up.json"


class Running(BaseModel):
    pid: int = Field(description="The supervisor's process id.")
    started_at: float = Field(description="The supervisor's process start time (epoch).")
    api_url: str
    redis_url: str
    own_redis: bool = Field(description="Whether up started the Redis (it stops it too).")
    workers: int


def state_path(data_dir: Path) -> Path:
    return data_dir / STATE_FILE


def record(data_dir: Path, running: Running) -> None:
    """Write the state file (atomically: a reader never sees half of it)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = state_path(data_dir).with_suffix(".tmp")
    tmp.write_text(running.model_dump_json(indent=2))
    tmp.replace(state_path(data_dir))


def forget(data_dir: Path, pid: int) -> None:
    """Remove the state file if it is still the one of ``pid``."""
    found = current(data_dir)
    if found is not None and found.pid == pid:
        state_path(data_dir).unlink(missing_ok=True)


def current(data_dir: Path) -> Running | None:
    """What ``up`` runs here, if its supervisor is alive; None otherwise."""
    try:
        running = Running.model_validate_json(state_path(data_dir).read_text())
    except (OSError, ValueError):
        return None
    return running if supervisor_alive(running) else None


def supervisor_alive(running: Running) -> bool:
    """The pid is alive (not a zombie waiting for its parent) and is the same
    process (not a reused pid)."""
    try:
        process = psutil.Process(running.pid)
        started, state = process.create_time(), process.status()
    except psutil.Error:
        return False
    return state != psutil.STATUS_ZOMBIE and abs(started - running.started_at) < 1.0


def children(running: Running) -> list[psutil.Process]:
    """The supervisor's children (Redis, the API, the workers), alive now."""
    try:
        return psutil.Process(running.pid).children()
    except psutil.Error:
        return []


def stop(running: Running, timeout: float) -> bool:
    """SIGTERM the supervisor and wait up to ``timeout`` s for it to end: True if it did."""
    try:
        os.kill(running.pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout
    while supervisor_alive(running):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def this_process(api_url: str, redis_url: str, own_redis: bool, workers: int) -> Running:
    pid = os.getpid()
    return Running(pid=pid, started_at=psutil.Process(pid).create_time(), api_url=api_url,
                   redis_url=redis_url, own_redis=own_redis, workers=workers)
