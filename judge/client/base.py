"""What the synchronous and asyncio clients share: their options, the retry
policy, the long-poll schedule and the shape of an unscorable request's state.
Each client only sends and sleeps in its own way."""

from __future__ import annotations

import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import ClassVar, Generic, TypeVar

import httpx

from judge.client.retry import RetryPolicy
from judge.wire.runs import RunStatus, RunView
from judge.wire.submissions import SubmissionStatus, SubmissionView

# Longest single long-poll; the overall wait is bounded by the caller's timeout.
POLL_SECONDS = 20.0

Pool = TypeVar("Pool", httpx.Client, httpx.AsyncClient)


class ClientBase(ABC, Generic[Pool]):
    """``timeout`` bounds each HTTP request (a long poll adds its ``wait`` to it);
    ``retry`` governs retries of transient failures; ``max_connections`` sizes the
    connection pool (default: the client's own)."""

    default_connections: ClassVar[int]

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        max_connections: int | None = None,
    ) -> None:
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self._http: Pool = self._open_pool(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}"} if token else {},
            timeout=timeout,
            limits=httpx.Limits(max_connections=max_connections or self.default_connections),
        )

    @abstractmethod
    def _open_pool(self, base_url: str, headers: dict[str, str], timeout: float,
                   limits: httpx.Limits) -> Pool:
        """The httpx client (sync or async) the requests go through."""


def polls(submission_id: str, timeout: float) -> Iterator[float]:
    """The long-poll durations of waiting ``timeout`` seconds for a submission (or a run),
    each at most :data:`POLL_SECONDS`; TimeoutError once the time is up."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        yield min(POLL_SECONDS, left)
    raise TimeoutError(f"submission {submission_id} not finished after {timeout}s")


def error_state(exc: Exception) -> SubmissionView:
    """What ``score_many`` answers for a request that could not be scored."""
    return SubmissionView(id="", status=SubmissionStatus.ERROR, error=str(exc))


def run_error_state(exc: Exception) -> RunView:
    """What ``run_many`` answers for a run that could not be judged."""
    return RunView(id="", status=RunStatus.ERROR, error=str(exc))


def idempotency_header() -> dict[str, str]:
    """A fresh ``Idempotency-Key`` for one logical submission: the retries of its
    POST carry the same key, so a retry after a lost answer does not submit twice."""
    return {"Idempotency-Key": uuid.uuid4().hex}
