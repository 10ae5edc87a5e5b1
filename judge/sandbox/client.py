"""The Python end of the launcher's channel.

A dedicated thread starts the launcher and waits for it, so the launcher's
``PR_SET_PDEATHSIG`` fires when this process ends, not when whichever worker
thread happened to start it does. Responses are read by the waiting callers
themselves, one at a time (leader/follower): the thread holding the read role
receives and dispatches every response until its own has arrived, then hands
the role on. A caller thus usually reads its own answer, without a thread
hand-off.
"""

from __future__ import annotations

import contextlib
import itertools
import select
import socket
import subprocess
import threading
import time

from judge.sandbox.protocol import HEAD, LauncherError, Request, Response

START_TIMEOUT = 30.0


class Pending:
    """A submitted run: wait for its response, or kill it."""

    def __init__(self, client: LauncherClient, run_id: int) -> None:
        self._client = client
        self.run_id = run_id
        self.done = False
        self._response: Response | None = None
        self._error = ""

    def _resolve(self, response: Response | None, error: str = "") -> None:
        self._response, self._error = response, error
        self.done = True

    def wait(self, timeout: float | None = None) -> Response | None:
        """The response; None on timeout. Raises LauncherError if the launcher died."""
        if not self._client.wait_for(self, timeout):
            return None
        if self._response is None:
            raise LauncherError(self._error)
        return self._response

    def kill(self) -> None:
        if not self.done:
            self._client.send(HEAD.pack(b"K", self.run_id))


class LauncherClient:
    """One running launcher process and its channel."""

    def __init__(self, argv: list[str]) -> None:
        self._sock, peer = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._poll = select.poll()
        self._poll.register(self._sock.fileno(), select.POLLIN)
        self._cond = threading.Condition()
        self._reading = False
        self._pending: dict[int, Pending] = {}
        self._ids = itertools.count(1)
        self._proc: subprocess.Popen[bytes] | None = None
        self._spawned = threading.Event()
        self._spawn_error = ""
        self.alive = True
        self._owner = threading.Thread(
            target=self._own, args=(argv, peer), name="sandbox-launcher", daemon=True
        )
        self._owner.start()
        self._spawned.wait()
        peer.close()
        if self._spawn_error:
            self.alive = False
            raise LauncherError(self._spawn_error)
        self._expect_ready()

    @property
    def pid(self) -> int | None:
        """Host pid of the (outer) launcher process."""
        return self._proc.pid if self._proc is not None else None

    def submit(self, request: Request) -> Pending:
        with self._cond:
            run_id = next(self._ids)
            pending = Pending(self, run_id)
            self._pending[run_id] = pending
        self.send(request.encode(run_id))
        return pending

    def send(self, data: bytes) -> None:
        try:
            self._sock.send(data)
        except OSError as exc:
            with self._cond:
                self._fail_all(f"launcher channel closed: {exc}")

    def wait_for(self, pending: Pending, timeout: float | None) -> bool:
        """Block until ``pending`` is answered (True) or ``timeout`` passes (False)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        first = True  # a zero timeout still reads what has already arrived
        with self._cond:
            while not pending.done:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    if not first:
                        return False
                    remaining = 0.0
                first = False
                if self._reading:
                    self._cond.wait(remaining)
                    continue
                self._read_once(remaining)
            return True

    def close(self) -> None:
        self.alive = False
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        if self._proc is not None:
            self._proc.kill()
        self._owner.join(timeout=5)
        with self._cond:
            self._fail_all("the sandbox was closed")
        self._sock.close()

    def _read_once(self, timeout: float | None) -> None:
        """Take the read role (caller holds ``_cond``), receive one message, dispatch it."""
        self._reading = True
        self._cond.release()
        try:
            data = self._receive(timeout)
            reason = self._death_reason() if data == b"" else ""
        finally:
            self._cond.acquire()
            self._reading = False
        if data == b"":
            self._fail_all(reason)
        elif data is not None:
            run_id, response = Response.decode(data)
            pending = self._pending.pop(run_id, None)
            if pending is not None:
                pending._resolve(response)
        self._cond.notify_all()

    def _receive(self, timeout: float | None) -> bytes | None:
        """One message; None on timeout; b"" when the launcher is gone."""
        ms = None if timeout is None else max(0, int(timeout * 1000) + 1)
        if not self._poll.poll(ms):
            return None
        try:
            return self._sock.recv(1 << 16)
        except OSError:
            return b""

    def _expect_ready(self) -> None:
        data = self._receive(START_TIMEOUT)
        if data:
            return
        reason = self._death_reason() if data == b"" else "the launcher did not start in time"
        self.close()
        raise LauncherError(reason)

    def _death_reason(self) -> str:
        self.alive = False
        stderr = b""
        if self._proc is not None and self._proc.stderr is not None:
            self._proc.kill()
            with contextlib.suppress(OSError, ValueError):
                stderr = self._proc.stderr.read()
        return stderr.decode(errors="replace").strip() or "sandbox launcher exited"

    def _fail_all(self, reason: str) -> None:
        """Fail every unanswered run (caller holds ``_cond``)."""
        self.alive = False
        pending, self._pending = list(self._pending.values()), {}
        for p in pending:
            p._resolve(None, reason)
        self._cond.notify_all()

    def _own(self, argv: list[str], peer: socket.socket) -> None:
        """Thread body: start the launcher and stay until it exits."""
        fd = peer.fileno()
        try:
            self._proc = subprocess.Popen(
                [*argv, "--fd", str(fd)], pass_fds=(fd,), env={},
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )  # fmt: skip
        except OSError as exc:
            self._spawn_error = f"cannot start the sandbox launcher: {exc}"
        finally:
            self._spawned.set()
        if self._proc is not None:
            self._proc.wait()
            self.alive = False
