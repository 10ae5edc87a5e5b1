"""The service status over a real Redis: judged submissions counted per minute
(the last hour, oldest first), and each worker's isolation as it recorded it."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from service_helpers import make_settings

from judge.service import isolation
from judge.service.connection import connect
from judge.service.metrics import MetricsRecorder
from judge.service.queue import JobQueue
from judge.service.status import ServiceStatusReader, isolation_kind


def test_judged_submissions_are_counted_per_minute(redis_url: str, tmp_path: Path) -> None:
    settings = make_settings(redis_url, tmp_path / "data")
    connection = connect(redis_url)
    reader = ServiceStatusReader(connection, JobQueue(connection, settings))
    with connection.pipeline() as pipe:
        for _ in range(3):
            MetricsRecorder().record_done(pipe, latency=1.0, judging=0.5, tests=2)
        pipe.execute()
    state = reader.read()
    assert len(state.throughput) == 60
    minutes = [p.minute for p in state.throughput]
    assert minutes == sorted(minutes) and {b - a for a, b in pairwise(minutes)} == {60}
    assert sum(p.judged for p in state.throughput) == 3
    assert state.throughput[-1].judged in (0, 3)  # a minute may have turned since
    later = reader.throughput(now=minutes[-1] + 3600)  # an hour on: out of the window
    assert sum(p.judged for p in later) == 0
    assert state.workers_alive == 0 and state.isolation == []
    assert [(q.priority, q.queued, q.running) for q in state.queues] == [
        ("interactive", 0, 0), ("batch", 0, 0)]


def test_isolation_kinds() -> None:
    assert isolation_kind("cgroup-v1") == "cgroup-v1"
    assert isolation_kind("cgroup-v2") == "cgroup-v2"
    assert isolation_kind("rlimits") == "degraded"
    assert isolation_kind(None) == "unknown" and isolation_kind("something new") == "unknown"


def test_a_degraded_worker_says_why(redis_url: str) -> None:
    connection = connect(redis_url)
    isolation.record(connection, "w1", "rlimits", "no writable cgroup hierarchy")
    isolation.record(connection, "w2", "cgroup-v1")
    modes = isolation.worker_modes(connection)
    assert modes == {"w1": ("rlimits", "no writable cgroup hierarchy"), "w2": ("cgroup-v1", "")}
    # Neither is a live RQ worker: not counted, but kept (a worker records its
    # mode just before RQ registers it; a read in between must not erase it).
    assert isolation.live_modes(connection) == {"cgroup-v1": 0, "cgroup-v2": 0, "rlimits": 0}
    assert isolation.worker_modes(connection) == modes
    isolation.forget(connection, "w1")  # as a stopping worker does
    isolation.forget(connection, "w2")
    assert isolation.worker_modes(connection) == {}
    assert connection.exists(isolation.REASONS_KEY) == 0
