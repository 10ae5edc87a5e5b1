"""The launcher's protocol: the messages between :mod:`judge.sandbox.client` and
the C launcher (``graders/launcher/launcher.c``, built by
:mod:`judge.sandbox.launcher_binary`).

Over one ``SOCK_SEQPACKET`` socket pair (one message per packet):

* request ``R``: ``<c3xI`` (type, id), ``<5I2d5q`` (slot, uid, argc, envc,
  pin, cpu, wall, memory, processes, output, stack, open files; negative
  means unlimited, cpu <= 0 none; pin 0 runs unpinned, n on CPU n - 1 only),
  then NUL-terminated strings: cwd, executable, stdin, stdout, stderr ("" =
  none or /dev/null), argv, env.
* request ``K``: ``<c3xI`` (type, id): kill that run's whole slot.
* response: ``<I9iqqdd`` (id, setup_failed, exited, exit_code, signal,
  wall_exceeded, cpu_exceeded, killed, oom_kills, pids_hit, memory peak,
  memory failcnt, cpu seconds, wall seconds) then a message. The launcher
  sends one response with id 0 ("ready") when it has set up its namespaces.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

HEAD = struct.Struct("<c3xI")
RUN = struct.Struct("<5I2d5q")
RESPONSE = struct.Struct("<I9iqqdd")


class LauncherError(RuntimeError):
    """The launcher could not be built or started, or it died."""


@dataclass
class Request:
    """One run, in the launcher's terms (paths as the launcher sees them)."""

    slot: int
    uid: int
    argv: list[str]
    env: dict[str, str]
    cwd: str
    executable: str
    stdin: str
    stdout: str
    stderr: str
    cpu: float
    wall: float
    memory: int
    processes: int
    output: int
    stack: int
    open_files: int
    cpu_pin: int | None = None  # the one CPU to run on (see judge/sandbox/cpus.py)

    def check(self) -> str:
        """Why this request cannot be sent ("" if it can)."""
        strings = [self.cwd, self.executable, self.stdin, self.stdout, self.stderr, *self.argv]
        strings += [*self.env, *self.env.values()]
        if any("\0" in s for s in strings) or any("=" in k for k in self.env):
            return "argv, env and paths may not contain NUL (nor env names '=')"
        if not self.argv:
            return "empty argv"
        return ""

    def encode(self, run_id: int) -> bytes:
        head = HEAD.pack(b"R", run_id)
        env = [f"{k}={v}" for k, v in self.env.items()]
        fixed = RUN.pack(
            self.slot, self.uid, len(self.argv), len(env),
            0 if self.cpu_pin is None else self.cpu_pin + 1, self.cpu, self.wall,
            self.memory, self.processes, self.output, self.stack, self.open_files,
        )  # fmt: skip
        strings = [self.cwd, self.executable, self.stdin, self.stdout, self.stderr]
        strings += self.argv + env
        return head + fixed + b"".join(s.encode() + b"\0" for s in strings)


@dataclass
class Response:
    """What the launcher observed; :mod:`judge.sandbox.verdict` turns it into a verdict."""

    setup_failed: bool
    exited: bool
    exit_code: int
    signal: int
    wall_exceeded: bool
    cpu_exceeded: bool
    killed: bool
    oom_kills: int
    pids_hit: bool
    memory_peak: int
    memory_failcnt: int
    cpu: float
    wall: float
    message: str

    @classmethod
    def decode(cls, data: bytes) -> tuple[int, Response]:
        f = RESPONSE.unpack_from(data)
        message = data[RESPONSE.size :].decode(errors="replace")
        return f[0], cls(
            bool(f[1]), bool(f[2]), f[3], f[4], bool(f[5]), bool(f[6]), bool(f[7]),
            f[8], bool(f[9]), f[10], f[11], f[12], f[13], message,
        )  # fmt: skip
