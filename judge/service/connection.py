"""Redis connections shared by the API (asyncio) and the workers (sync), and the
one way their replies are read as text."""

from __future__ import annotations

from typing import Any, overload

import redis
import redis.asyncio as aioredis
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import ExponentialBackoff
from redis.retry import Retry


def _reconnecting(retry_class: type[Retry] | type[AsyncRetry]) -> dict[str, Any]:
    """Client options that survive a Redis restart: a command that meets a dead
    pooled connection is retried on a fresh one instead of failing."""
    return {
        "health_check_interval": 10,
        "retry": retry_class(ExponentialBackoff(cap=1.0, base=0.05), 6),
        "retry_on_error": [redis.ConnectionError, redis.TimeoutError],
    }


def connect(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, **_reconnecting(Retry))


def connect_async(url: str) -> aioredis.Redis:
    return aioredis.Redis.from_url(url, **_reconnecting(AsyncRetry))


@overload
def text(value: bytes | str) -> str: ...


@overload
def text(value: None) -> None: ...


@overload
def text(value: bytes | str | None) -> str | None: ...


def text(value: bytes | str | None) -> str | None:
    """A reply as text: our clients answer bytes (no ``decode_responses``), RQ's
    and test code's may answer str; a missing field or key stays None."""
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else value
