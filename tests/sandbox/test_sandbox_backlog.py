"""The launcher never blocks on its channel: responses the judge leaves unread
queue up in the launcher while it goes on supervising runs."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from judge.sandbox import Limits, RunSpec, RunStatus, Sandbox
from judge.sandbox.client import Pending
from judge.sandbox.protocol import Request

FLOOD = 1000  # several times what the socket's send buffer holds (~200 responses)


def _malformed() -> Request:
    """A request the launcher answers at once with an error (argc 0), without forking."""
    return Request(slot=0, uid=0, argv=[], env={}, cwd="/", executable="", stdin="",
                   stdout="", stderr="", cpu=1.0, wall=1.0, memory=-1, processes=1,
                   output=-1, stack=-1, open_files=16)  # fmt: skip


def test_unread_responses_do_not_stop_supervision(
    sandbox: Sandbox, binaries: dict[str, Path], host_guard: None
) -> None:
    with sandbox.box() as box:
        limits = Limits(cpu_time=1.0, wall_time=0.5)
        sleeper = box.start(RunSpec(argv=["sleep"], executable=binaries["sleep"], limits=limits))
        client = sandbox._launcher()
        pendings: list[Pending] = []

        def flood() -> None:
            pendings.extend(client.submit(_malformed()) for _ in range(FLOOD))

        sender = threading.Thread(target=flood, daemon=True)
        sender.start()
        sender.join(timeout=20)
        if sender.is_alive():
            client.close()  # unblocks the sender (and this test's clean-up)
            pytest.fail("the launcher stopped reading requests")
        time.sleep(1.5)  # nobody reads: every response stays unread meanwhile
        result = sleeper.result()
        assert result.status is RunStatus.TLE and result.limit_hit == "wall"
        assert result.wall_time < 1.2, "the wall limit was enforced late"
        answers = [p.wait(10) for p in pendings]
        assert all(a is not None and a.setup_failed for a in answers)
        assert {a.message for a in answers if a is not None} == {"malformed request"}
