"""Exclusive sandbox slots, shared by every judge process on the host.

A slot is a uid/gid (``uid_base + n``), a set of cgroups and a box directory.
It is held through an ``flock`` on ``<state>/slots/slot<n>.lock``: the lock
is per open file description, so it excludes other threads of this process
as well as other processes, and the kernel releases it if a process dies.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path


class SlotPool:
    def __init__(self, lock_dir: Path, count: int) -> None:
        self._dir = lock_dir
        self._count = count
        self._dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self._dir, 0o700)
        self._next = itertools.count(os.getpid())
        self._lock = threading.Lock()

    def acquire(self, timeout: float = 600.0) -> tuple[int, int]:
        """(slot, lock fd); waits for a free slot."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                start = next(self._next) % self._count
            for i in range(self._count):
                slot = (start + i) % self._count
                fd = self._try(slot)
                if fd is not None:
                    return slot, fd
            if time.monotonic() > deadline:
                raise TimeoutError("no free sandbox slot")
            time.sleep(0.005)

    def _try(self, slot: int) -> int | None:
        fd = os.open(self._dir / f"slot{slot}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        return fd

    def idle(self) -> Iterator[int]:
        """Lock each slot that is free right now in turn, yielding its number."""
        for slot in range(self._count):
            fd = self._try(slot)
            if fd is not None:
                try:
                    yield slot
                finally:
                    os.close(fd)

    @staticmethod
    def release(fd: int) -> None:
        os.close(fd)
