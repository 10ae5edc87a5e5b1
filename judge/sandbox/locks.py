"""Host-wide exclusive leases through ``flock`` on lock files (sandbox slots,
CPUs): the lock belongs to its open file description, so it excludes other
threads of this process as well as other processes, and the kernel releases
it when its holder dies."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


def try_lock(path: Path) -> int | None:
    """The descriptor holding an exclusive lock on ``path`` (created if need
    be), or None if another holds it; closing the descriptor releases it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd
