"""How each live worker's sandbox isolates runs, shared through Redis.

A worker records its :attr:`judge.sandbox.Sandbox.isolation_mode` under its RQ
name when it starts; ``/readyz`` and ``/metrics`` count the modes of the workers
RQ lists as alive, so a worker judging in the degraded ``rlimits`` mode (no
writable cgroup hierarchy on its host) is visible where operators look, not
only in its log.
"""

from __future__ import annotations

from collections import Counter

import redis
from rq import Worker

from judge.service.connection import text
from judge.wire.results import ISOLATION_MODES, IsolationMode

ISOLATION_KEY = "judge:workers:isolation"
DEGRADED: IsolationMode = "rlimits"


def record(connection: redis.Redis, worker_name: str, mode: IsolationMode) -> None:
    """Say how the worker ``worker_name`` (its RQ name) isolates runs."""
    connection.hset(ISOLATION_KEY, worker_name, mode)


def live_modes(connection: redis.Redis) -> dict[IsolationMode, int]:
    """Live workers per isolation mode (every mode present, 0 if none), entries
    of workers that are gone removed on the way."""
    prefix = Worker.redis_worker_namespace_prefix
    live = {key.removeprefix(prefix) for key in map(text, Worker.all_keys(connection))}
    recorded = {text(k): text(v) for k, v in connection.hgetall(ISOLATION_KEY).items()}
    gone = [name for name in recorded if name not in live]
    if gone:
        connection.hdel(ISOLATION_KEY, *gone)
    counts = Counter(mode for name, mode in recorded.items() if name in live)
    return {mode: counts.get(mode, 0) for mode in ISOLATION_MODES}
