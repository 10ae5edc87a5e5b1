"""The problem store the command line reads and writes: the data dir's own,
kept in step with the service's when there is one (so that a user never has to
know there are two).

The service is the one ``ioi-judge up`` runs with this data dir, or the Redis
that ``JUDGE_REDIS_URL`` names when it is set. Then every command first fetches
the problems the service holds (uploaded through the API, maybe from another
host) into the local store, and ``problems import`` publishes what it imports,
so the workers judge it. Without a service the store is local only; the
commands say on stderr when they follow a service, and which."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import redis

from judge.problems.store import ProblemStore, StoredProblem
from judge.service import running
from judge.service.connection import connect
from judge.service.problem_cache import SharedProblems
from judge.settings import Settings


@dataclass
class CliStore:
    store: ProblemStore
    service: SharedProblems | None
    where: str = ""

    def publish(self, stored: StoredProblem) -> bool:
        """Hand an imported version to the service (True if there is one)."""
        if self.service is None:
            return False
        self.service.publish(stored)
        return True


def service_redis_url(settings: Settings) -> str | None:
    """The Redis of the service on this host, if there is one to follow."""
    up = running.current(settings.data_dir)
    if up is not None:
        return up.redis_url
    return settings.redis_url if "JUDGE_REDIS_URL" in os.environ else None


def open_store(settings: Settings, say: Callable[[str], None] | None = None) -> CliStore:
    """The store, synced with the service when there is one; ``say`` is told so
    (a local store is the default and goes without saying)."""
    store = ProblemStore(settings.problems_dir)
    url = service_redis_url(settings)
    cli_store = CliStore(store, None, f"{store.root} (local: no service runs with it)")
    if url is not None:
        try:
            shared = SharedProblems(connect(url), store)
            synced = shared.sync_local()
            cli_store = CliStore(store, shared, f"{store.root}, in step with the service's "
                                                f"Redis {url} ({len(synced)} problems there)")
        except (redis.RedisError, OSError) as exc:
            cli_store.where = f"{store.root} (local: the service's Redis {url} failed: {exc})"
    if say is not None and url is not None:
        say(f"store: {cli_store.where}")
    return cli_store
