"""A small process supervisor for ``ioi-judge up`` and ``ioi-judge worker -p N``.

Children run in their own sessions, so a Ctrl-C in the terminal reaches only
the supervisor, which then stops them in order: workers and API first (a
worker finishes its current job on SIGTERM), Redis last, so that results
written during shutdown are kept. A child that dies is restarted (with a
back-off when it keeps dying at once).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from types import FrameType

log = logging.getLogger("judge.service.supervisor")

RESTART_BACKOFF_MAX = 30.0


@dataclass
class Child:
    name: str
    argv: list[str]
    env: dict[str, str] | None = None
    stage: int = 0  # stopped in decreasing stage order: higher stages first
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    backoff: float = 0.0
    restarts: int = 0

    def start(self) -> None:
        self.proc = subprocess.Popen(self.argv, env=self.env, start_new_session=True)
        self.started_at = time.monotonic()
        log.info("started", extra={"child": self.name, "pid": self.proc.pid})

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def signal(self, sig: int) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.send_signal(sig)


@dataclass
class Supervisor:
    children: list[Child]
    stop_grace: float = 60.0
    _stopping: bool = field(default=False, init=False)

    def _request_stop(self, signum: int, _frame: FrameType | None) -> None:
        if not self._stopping:
            log.info("stopping", extra={"signal": signal.Signals(signum).name})
        self._stopping = True

    def run(self) -> int:
        """Start every child, keep them running until SIGINT/SIGTERM, stop them."""
        old = {s: signal.signal(s, self._request_stop) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            for child in self.children:
                if not child.alive():
                    child.start()
            while not self._stopping:
                self._reap()
                time.sleep(0.3)
        finally:
            self.stop()
            for sig, handler in old.items():
                signal.signal(sig, handler)
        return 0

    def _reap(self) -> None:
        now = time.monotonic()
        for child in self.children:
            if child.proc is None or child.alive():
                continue
            if child.backoff == 0.0:
                code = child.proc.returncode
                log.warning("child exited", extra={"child": child.name, "code": code})
                quick = now - child.started_at < 5.0
                backoff = min(RESTART_BACKOFF_MAX, 2.0 ** min(child.restarts, 5))
                child.backoff = backoff if quick else 0.5
                child.started_at = now
            elif now - child.started_at >= child.backoff:
                child.restarts += 1
                child.backoff = 0.0
                child.start()

    def stop(self) -> None:
        for stage in sorted({c.stage for c in self.children}, reverse=True):
            group = [c for c in self.children if c.stage == stage]
            for child in group:
                child.signal(signal.SIGTERM)
            deadline = time.monotonic() + self.stop_grace
            for child in group:
                assert child.proc is not None
                try:
                    child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    log.warning("killing", extra={"child": child.name})
                    child.signal(signal.SIGKILL)
                    child.proc.wait()


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra or {})
    return env
