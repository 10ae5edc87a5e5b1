"""CPU leases: every run, and every process of a run group, on one CPU.

Why: a program that talks to another through pipes (a Communication test:
a manager and its contestant processes) sleeps and wakes at every exchange.
Left free to move, the woken process lands on another CPU, and on a virtual
machine an idle virtual CPU is halted: waking it costs the host a VM exit,
which the guest bills to the woken task as CPU time. Measured on a 2-vCPU
Firecracker guest (IOI 2024 ``message``, test 1-01, idle machine): 0.92 s of
CPU unpinned, 0.22 s pinned to one CPU, and 0.23 s unpinned while another
program keeps the CPUs busy; a test at 0.8 s got a TLE at its 3 s limit.
Pinned, the exchange stays on one CPU and the time is the program's own,
however idle the machine (CMS issue cms-dev/cms#1213 asks the same of
isolate's per-box CPU sets, to "minimize time measurement noise in
interactive tasks").

A lease is one CPU of the judge's own affinity set, held through an ``flock``
on ``<state>/cpus/cpu<n>.lock`` (shared by every judge process of the host,
released by the kernel if one dies), so parallel tests spread over the CPUs;
when every CPU is leased, runs share them round-robin, unlocked (then they
would have shared them unpinned too)."""

from __future__ import annotations

import fcntl
import itertools
import os
import threading
from pathlib import Path


class CpuLease:
    """A CPU to run on (``cpu`` None: unpinned); :meth:`release` once done."""

    def __init__(self, cpu: int | None, fd: int | None = None) -> None:
        self.cpu = cpu
        self._fd = fd
        self._lock = threading.Lock()

    def release(self) -> None:
        """Give the CPU back (idempotent)."""
        with self._lock:
            fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


class CpuLeases:
    """Leases on the CPUs this process may run on; all unpinned if ``enabled`` is false."""

    def __init__(self, lock_dir: Path, enabled: bool = True) -> None:
        self.cpus = sorted(os.sched_getaffinity(0))
        self.enabled = enabled
        self._dir = lock_dir
        if enabled:
            lock_dir.mkdir(parents=True, exist_ok=True)
            os.chmod(lock_dir, 0o700)
        self._next = itertools.count(os.getpid())
        self._turn = threading.Lock()

    def acquire(self) -> CpuLease:
        """A free CPU, else a shared one; never waits."""
        if not self.enabled:
            return CpuLease(None)
        with self._turn:
            start = next(self._next)
        order = [self.cpus[(start + i) % len(self.cpus)] for i in range(len(self.cpus))]
        for cpu in order:
            fd = self._try(cpu)
            if fd is not None:
                return CpuLease(cpu, fd)
        return CpuLease(order[0])

    def _try(self, cpu: int) -> int | None:
        fd = os.open(self._dir / f"cpu{cpu}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        return fd
