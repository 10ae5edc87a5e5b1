"""Retry policy and error mapping shared by the sync and async clients.

Connection failures, timeouts, 5xx and 429 are transient: they are retried with
exponential backoff and full jitter (so that a thousand RL workers hitting a
restarting service do not retry in lock step), honouring ``Retry-After``.
Other 4xx answers are the caller's mistake and raise at once.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

import httpx


class JudgeClientError(Exception):
    """The service refused the request or could not be reached."""

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class AuthError(JudgeClientError):
    """401/403: missing or wrong bearer token."""


class NotFoundError(JudgeClientError):
    """404: unknown submission or problem."""


class InvalidRequest(JudgeClientError):
    """413/422 (or another 4xx): the request itself is wrong and retrying will not help."""


class ServiceUnavailable(JudgeClientError):
    """Transient failures persisted after every retry."""


RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    base_delay: float = 0.25
    max_delay: float = 10.0

    def delay(self, attempt: int, response: httpx.Response | None = None) -> float:
        """Seconds to sleep before retry number ``attempt`` (0-based)."""
        if response is not None:
            after = _retry_after(response)
            if after is not None:
                return min(after, self.max_delay)
        cap = min(self.max_delay, self.base_delay * (2**attempt))
        return random.uniform(cap / 2, cap)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def is_transient_response(response: httpx.Response) -> bool:
    return response.status_code in RETRY_STATUS


TRANSIENT_ERRORS: tuple[type[Exception], ...] = (httpx.TransportError,)


def raise_for_status(response: httpx.Response) -> None:
    """Turn an error answer into a typed exception carrying the service's message."""
    code = response.status_code
    if code < 400:
        return
    message = f"{code}: {_detail(response)}"
    if code in (401, 403):
        raise AuthError(message, code)
    if code == 404:
        raise NotFoundError(message, code)
    if code in RETRY_STATUS:
        raise ServiceUnavailable(message, code)
    raise InvalidRequest(message, code)


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:500] or response.reason_phrase
    if isinstance(body, dict) and "detail" in body:
        return str(body["detail"])[:500]
    return str(body)[:500]


class Tries:
    """The tries of one request under a :class:`RetryPolicy`, with no I/O of its
    own: the sync and async clients send and sleep, this decides. ::

        tries = Tries(policy, "GET", url)
        for attempt in tries:
            try:
                answer = send()
            except TRANSIENT_ERRORS as exc:
                answer = exc
            if (response := tries.accept(answer)) is not None:
                return response
            sleep(tries.pause(attempt))
        raise tries.exhausted()
    """

    def __init__(self, policy: RetryPolicy, method: str, url: str) -> None:
        self.policy = policy
        self.what = f"{method} {url}"
        self.last = ""
        self._response: httpx.Response | None = None

    def __iter__(self) -> Iterator[int]:
        return iter(range(self.policy.attempts))

    def accept(self, answer: httpx.Response | Exception) -> httpx.Response | None:
        """The final response (an error status raises its typed exception), or
        None when the answer was transient and the request should be tried again."""
        if isinstance(answer, Exception):
            self.last, self._response = f"{type(answer).__name__}: {answer}", None
            return None
        if not is_transient_response(answer):
            raise_for_status(answer)
            return answer
        self.last, self._response = f"HTTP {answer.status_code}", answer
        return None

    def pause(self, attempt: int) -> float:
        """Seconds to wait before the next try; 0 after the last one."""
        if attempt + 1 >= self.policy.attempts:
            return 0.0
        return self.policy.delay(attempt, self._response)

    def exhausted(self) -> ServiceUnavailable:
        return ServiceUnavailable(
            f"{self.what} failed after {self.policy.attempts} tries: {self.last}"
        )

