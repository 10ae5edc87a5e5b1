"""Exclusive sandbox slots, shared by every judge process on the host.

A slot is a uid/gid (``uid_base + n``), a set of cgroups and a box directory.
It is held through an ``flock`` on ``<state>/slots/slot<n>.lock``: the lock
is per open file description, so it excludes other threads of this process
as well as other processes, and the kernel releases it if a process dies.

A run of several processes (Communication: a manager and up to 64 contestant
processes) takes its slots all at once or not at all (:meth:`SlotPool.acquire_many`):
holding some while waiting for others could deadlock two such runs, or one
such run and tests that hold one box while they wait for a checker's. Group
attempts are serialised by ``group.lock``, so two groups never hold parts of
each other's slots; a group that does not find enough free slots gives back
what it took and tries again.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

RETRY_SECONDS = 0.005
GROUP_RETRY_SECONDS = 0.02  # a group attempt opens every free slot's lock file


class SlotPool:
    def __init__(self, lock_dir: Path, count: int) -> None:
        self._dir = lock_dir
        self.count = count
        self._dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self._dir, 0o700)
        self._next = itertools.count(os.getpid())
        self._lock = threading.Lock()

    def acquire(self, timeout: float = 600.0) -> tuple[int, int]:
        """(slot, lock fd); waits for a free slot."""
        deadline = time.monotonic() + timeout
        while True:
            for slot in self._scan():
                fd = self._try(slot)
                if fd is not None:
                    return slot, fd
            if time.monotonic() > deadline:
                raise TimeoutError("no free sandbox slot")
            time.sleep(RETRY_SECONDS)

    def acquire_many(self, count: int, timeout: float = 600.0) -> list[tuple[int, int]]:
        """``count`` (slot, lock fd) pairs, taken together; waits until that many are free."""
        if count > self.count:
            raise ValueError(f"{count} sandbox slots wanted, the pool has {self.count}")
        deadline = time.monotonic() + timeout
        while True:
            with self._group_turn():
                taken = self._take(count)
            if taken is not None:
                return taken
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {count} free sandbox slots")
            time.sleep(GROUP_RETRY_SECONDS)

    def _take(self, count: int) -> list[tuple[int, int]] | None:
        """One all-or-nothing attempt."""
        taken: list[tuple[int, int]] = []
        for slot in self._scan():
            fd = self._try(slot)
            if fd is not None:
                taken.append((slot, fd))
                if len(taken) == count:
                    return taken
        for _, fd in taken:
            os.close(fd)
        return None

    @contextlib.contextmanager
    def _group_turn(self) -> Iterator[None]:
        fd = os.open(self._dir / "group.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _scan(self) -> Iterator[int]:
        """Every slot once, from a start that differs between calls."""
        with self._lock:
            start = next(self._next) % self.count
        for i in range(self.count):
            yield (start + i) % self.count

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
        for slot in range(self.count):
            fd = self._try(slot)
            if fd is not None:
                try:
                    yield slot
                finally:
                    os.close(fd)

    @staticmethod
    def release(fd: int) -> None:
        os.close(fd)
