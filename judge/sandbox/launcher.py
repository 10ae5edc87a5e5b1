"""Building the C launcher and talking to it.

The launcher (``launcher/launcher.c``) is compiled on first use into
``<cache>/launcher/<sha of source>/launcher`` (atomic rename, so concurrent
processes may race harmlessly) and started once per :class:`Sandbox`.

Protocol, over one ``SOCK_SEQPACKET`` socket pair (one message per packet):

* request ``R``: ``<c3xI`` (type, id), ``<5I2d5q`` (slot, uid, argc, envc,
  flags, cpu, wall, memory, processes, output, stack, open files; negative
  means unlimited, cpu <= 0 none), then NUL-terminated strings: cwd,
  executable, stdin, stdout, stderr ("" = none or /dev/null), argv, env.
* request ``K``: ``<c3xI`` (type, id): kill that run's whole slot.
* response: ``<I9iqqdd`` (id, setup_failed, exited, exit_code, signal,
  wall_exceeded, cpu_exceeded, killed, oom_kills, pids_hit, memory peak,
  memory failcnt, cpu seconds, wall seconds) then a message. The launcher
  sends one response with id 0 ("ready") when it has set up its namespaces.

One reader thread per client owns the launcher process (so the launcher's
``PR_SET_PDEATHSIG`` fires when this process ends, not when some worker thread
does) and hands responses to the waiting callers.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import os
import socket
import struct
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

SOURCE = Path(__file__).parent / "launcher" / "launcher.c"
HEAD = struct.Struct("<c3xI")
RUN = struct.Struct("<5I2d5q")
RESPONSE = struct.Struct("<I9iqqdd")
START_TIMEOUT = 30.0


class LauncherError(RuntimeError):
    """The launcher could not be built or started, or it died."""


def build(cache_dir: Path) -> Path:
    """The launcher binary for the current source, compiled if missing."""
    source = SOURCE.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    target = cache_dir / "launcher" / digest / "launcher"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".build-")
    os.close(fd)
    cmd = ["gcc", "-O2", "-Wall", "-o", tmp, str(SOURCE)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        os.unlink(tmp)
        raise LauncherError(f"cannot compile the sandbox launcher: {done.stderr.strip()}")
    os.chmod(tmp, 0o755)
    os.replace(tmp, target)
    return target


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
            self.slot, self.uid, len(self.argv), len(env), 0, self.cpu, self.wall,
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


class Pending:
    """A submitted run: wait for its response, or kill it."""

    def __init__(self, client: LauncherClient, run_id: int) -> None:
        self._client = client
        self.run_id = run_id
        self._event = threading.Event()
        self._response: Response | None = None
        self._error = ""

    def _resolve(self, response: Response | None, error: str = "") -> None:
        self._response, self._error = response, error
        self._event.set()

    def wait(self, timeout: float | None = None) -> Response | None:
        """The response; None on timeout. Raises LauncherError if the launcher died."""
        if not self._event.wait(timeout):
            return None
        if self._response is None:
            raise LauncherError(self._error)
        return self._response

    @property
    def done(self) -> bool:
        return self._event.is_set()

    def kill(self) -> None:
        if not self.done:
            self._client.send(HEAD.pack(b"K", self.run_id))


class LauncherClient:
    """One running launcher process and its channel."""

    def __init__(self, argv: list[str]) -> None:
        self._argv = argv
        self._sock, self._peer = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._send_lock = threading.Lock()
        self._pending: dict[int, Pending] = {}
        self._ids = itertools.count(1)
        self._ready = threading.Event()
        self._start_error = ""
        self._proc: subprocess.Popen[bytes] | None = None
        self.alive = True
        self._thread = threading.Thread(target=self._own, name="sandbox-launcher", daemon=True)
        self._thread.start()
        if not self._ready.wait(START_TIMEOUT):
            self._start_error = "the sandbox launcher did not start in time"
            self.close()
        if self._start_error:
            self.alive = False
            raise LauncherError(self._start_error)

    @property
    def pid(self) -> int | None:
        """Host pid of the (outer) launcher process."""
        return self._proc.pid if self._proc is not None else None

    def submit(self, request: Request) -> Pending:
        with self._send_lock:
            run_id = next(self._ids)
            pending = Pending(self, run_id)
            self._pending[run_id] = pending
        self.send(request.encode(run_id))
        return pending

    def send(self, data: bytes) -> None:
        try:
            with self._send_lock:
                self._sock.send(data)
        except OSError as exc:
            self._fail_all(f"launcher channel closed: {exc}")

    def close(self) -> None:
        self.alive = False
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)
        self._sock.close()

    def _own(self) -> None:
        """Thread body: start the launcher, then read responses until EOF."""
        fd = self._peer.fileno()
        try:
            self._proc = subprocess.Popen(
                [*self._argv, "--fd", str(fd)], pass_fds=(fd,), env={},
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )  # fmt: skip
        except OSError as exc:
            self._start_error = f"cannot start the sandbox launcher: {exc}"
            self._ready.set()
            return
        finally:
            self._peer.close()
        self._read_loop()
        self._proc.wait()

    def _read_loop(self) -> None:
        while True:
            try:
                data = self._sock.recv(1 << 16)
            except OSError:
                data = b""
            if not data:
                break
            run_id, response = Response.decode(data)
            if run_id == 0:
                self._ready.set()
                continue
            with self._send_lock:
                pending = self._pending.pop(run_id, None)
            if pending is not None:
                pending._resolve(response)
        self.alive = False
        stderr = b""
        if self._proc is not None and self._proc.stderr is not None:
            self._proc.kill()
            stderr = self._proc.stderr.read()
        reason = stderr.decode(errors="replace").strip() or "sandbox launcher exited"
        if not self._ready.is_set():
            self._start_error = reason
            self._ready.set()
        self._fail_all(reason)

    def _fail_all(self, reason: str) -> None:
        self.alive = False
        with self._send_lock:
            pending, self._pending = list(self._pending.values()), {}
        for p in pending:
            p._resolve(None, reason)
