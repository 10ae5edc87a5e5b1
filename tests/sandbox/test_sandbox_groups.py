"""Boxes for run groups (a Communication manager and up to 64 processes): taken
all at once, so groups of two workers run side by side and a group that has
to wait holds nothing meanwhile (no deadlock with other boxes' holders)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from judge.sandbox import Sandbox
from judge.settings import Settings

GROUP = 65  # a manager and 64 contestant processes


def test_two_workers_hold_a_65_box_group_each_at_once(settings: Settings) -> None:
    workers = [Sandbox.from_settings(settings), Sandbox.from_settings(settings)]
    assert all(w.slots >= 2 * GROUP for w in workers)
    both_in = threading.Barrier(2, timeout=30)
    slots: list[set[int]] = [set(), set()]

    def judge(i: int) -> None:
        with workers[i].boxes(GROUP) as boxes:
            slots[i] = {box.slot for box in boxes}
            assert all(box.path.is_dir() for box in boxes)
            both_in.wait()  # raises BrokenBarrierError unless both groups are held together

    threads = [threading.Thread(target=judge, args=(i,)) for i in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        for w in workers:
            w.close()
    assert not both_in.broken
    assert len(slots[0]) == len(slots[1]) == GROUP and not slots[0] & slots[1]


@contextlib.contextmanager
def _small_sandbox(tmp_path: Path, settings: Settings, slots: int) -> Iterator[Sandbox]:
    """A sandbox of ``slots`` slots on a box root of its own (closing removes its cgroups)."""
    sb = Sandbox(tmp_path / "boxes", settings.cache_dir, slots=slots)
    try:
        yield sb
    finally:
        sb.close()


def test_a_waiting_group_holds_no_slot(tmp_path: Path, settings: Settings) -> None:
    with _small_sandbox(tmp_path, settings, slots=8) as sb:
        got: list[float] = []

        def second_group() -> None:
            with sb.boxes(5):
                got.append(time.monotonic())

        with sb.boxes(5):
            waiter = threading.Thread(target=second_group)
            waiter.start()
            time.sleep(0.3)
            assert not got  # 3 slots free: too few, so it waits...
            with sb.box(), sb.box(), sb.box():  # ...and holds none of them
                pass
            released = time.monotonic()
        waiter.join(timeout=10)
        assert got and got[0] >= released


def test_a_group_larger_than_the_pool_is_refused(tmp_path: Path, settings: Settings) -> None:
    with (
        _small_sandbox(tmp_path, settings, slots=4) as sb,
        pytest.raises(ValueError, match="5 sandbox slots wanted, the pool has 4"),
        sb.boxes(5),
    ):
        pass
