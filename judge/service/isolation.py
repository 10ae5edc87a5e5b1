"""How each live worker's sandbox isolates runs, shared through Redis.

A worker records its :attr:`judge.sandbox.Sandbox.isolation_mode` under its RQ
name when it starts, and why it is degraded if it is; ``/readyz`` and ``/metrics``
count the modes of the workers RQ lists as alive (``/v1/admin/service`` shows
each), so a worker judging in the degraded ``rlimits`` mode (no writable cgroup
hierarchy on its host) is visible where operators look, not only in its log.
"""

from __future__ import annotations

from collections import Counter
from typing import cast

import redis
from rq import Worker

from judge.service.connection import text
from judge.wire.results import ISOLATION_MODES, IsolationMode

ISOLATION_KEY = "judge:workers:isolation"
REASONS_KEY = "judge:workers:isolation:reasons"
DEGRADED: IsolationMode = "rlimits"


def record(connection: redis.Redis, worker_name: str, mode: IsolationMode,
           reason: str | None = None) -> None:
    """Say how the worker ``worker_name`` (its RQ name) isolates runs, and why
    it is degraded (``reason``) if it is."""
    with connection.pipeline() as pipe:
        pipe.hset(ISOLATION_KEY, worker_name, mode)
        if reason:
            pipe.hset(REASONS_KEY, worker_name, reason)
        pipe.execute()


def worker_modes(connection: redis.Redis) -> dict[str, tuple[IsolationMode, str]]:
    """Worker name -> (mode, why degraded or ""), as recorded (gone workers included)."""
    with connection.pipeline(transaction=False) as pipe:
        pipe.hgetall(ISOLATION_KEY)
        pipe.hgetall(REASONS_KEY)
        modes, reasons = pipe.execute()
    why = {text(k): text(v) for k, v in reasons.items()}
    return {text(k): (cast(IsolationMode, text(v)), why.get(text(k), ""))
            for k, v in modes.items()}


def live_modes(connection: redis.Redis) -> dict[IsolationMode, int]:
    """Live workers per isolation mode (every mode present, 0 if none). Entries
    of workers that are not registered are left alone: a worker records its
    mode just before RQ registers it, and a read in between must not erase it
    (a worker removes its own entry when it stops, :func:`forget`)."""
    prefix = Worker.redis_worker_namespace_prefix
    live = {key.removeprefix(prefix) for key in map(text, Worker.all_keys(connection))}
    recorded = {text(k): text(v) for k, v in connection.hgetall(ISOLATION_KEY).items()}
    counts = Counter(mode for name, mode in recorded.items() if name in live)
    return {mode: counts.get(mode, 0) for mode in ISOLATION_MODES}


def forget(connection: redis.Redis, worker_name: str) -> None:
    """Remove a stopping worker's entries."""
    with connection.pipeline() as pipe:
        pipe.hdel(ISOLATION_KEY, worker_name)
        pipe.hdel(REASONS_KEY, worker_name)
        pipe.execute()
