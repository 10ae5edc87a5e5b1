"""Who owns a set of slot cgroups.

Slot locks live in the box root's state directory, which is private to one
container (its own ``/dev/shm``), while the cgroup hierarchy may be shared by
every container on the host (``cgroup: host`` with ``/sys/fs/cgroup`` bound
read-write). Two worker containers therefore both hold "slot 0" at once, and
their slot cgroups must not have the same name. Each :class:`~judge.sandbox.Sandbox`
(one per judge process) names its cgroups after a fresh random identity, made
when it starts and removed when it closes.

The name also says which process owns it (pid namespace, pid, start time), so
that a later judge process can tell an identity whose owner died without
closing (SIGKILL, OOM) and reap its cgroups. It can only tell for owners in its
own pid namespace: another container's identities are that container's
business (:meth:`Identity.alive` answers ``None``).
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

_NAME = re.compile(r"^w(\d+)-(\d+)-(\d+)-([0-9a-f]{16})$")


@dataclass(frozen=True)
class Identity:
    pid_ns: int  # inode of the owner's pid namespace
    pid: int
    start: int  # the owner's start time, in clock ticks since boot (tells reused pids apart)
    token: str  # random: two identities of one process differ

    @classmethod
    def new(cls) -> Identity:
        pid = os.getpid()
        return cls(_pid_namespace(), pid, _start_time(pid) or 0, secrets.token_hex(8))

    @classmethod
    def parse(cls, name: str) -> Identity | None:
        """The identity a cgroup is named after, or None for any other name."""
        match = _NAME.match(name)
        if match is None:
            return None
        ns, pid, start, token = match.groups()
        return cls(int(ns), int(pid), int(start), token)

    @property
    def name(self) -> str:
        return f"w{self.pid_ns}-{self.pid}-{self.start}-{self.token}"

    def alive(self) -> bool | None:
        """Whether the owner still runs; None when it is in another pid namespace."""
        if self.pid_ns != _pid_namespace():
            return None
        return _start_time(self.pid) == self.start


def _pid_namespace() -> int:
    return os.stat("/proc/self/ns/pid").st_ino


def _start_time(pid: int) -> int | None:
    """Field 22 of ``/proc/<pid>/stat``; None if there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces.
    return int(stat.rsplit(")", 1)[1].split()[19])
