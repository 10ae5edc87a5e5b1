"""The synchronous client: ``JudgeClient(base_url, token)``."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from judge.client.retry import (
    TRANSIENT_ERRORS,
    AuthError,
    JudgeClientError,
    RetryPolicy,
    ServiceUnavailable,
    is_transient_response,
    raise_for_status,
)
from judge.wire.problems import ProblemInfo
from judge.wire.submissions import (
    BatchAccepted,
    BatchRequest,
    SubmissionRequest,
    SubmissionState,
    SubmissionStatus,
)

# Longest single long-poll; the overall wait is bounded by the caller's timeout.
POLL_SECONDS = 20.0


def idempotency_header() -> dict[str, str]:
    """A fresh ``Idempotency-Key`` for one logical submission: the retries of its
    POST carry the same key, so a retry after a lost answer does not submit twice."""
    return {"Idempotency-Key": uuid.uuid4().hex}


class JudgeClient:
    """Submit to a running ioi-judge service and wait for results.

    ``timeout`` bounds each HTTP request (a long poll adds its ``wait`` to it);
    ``retry`` governs retries of transient failures."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        max_connections: int = 64,
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers=headers,
            timeout=timeout,
            limits=httpx.Limits(max_connections=max_connections),
        )

    def __enter__(self) -> JudgeClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _request(self, method: str, url: str, wait: float = 0.0, **kwargs: Any) -> httpx.Response:
        timeout = self.timeout + wait
        last: str = ""
        for attempt in range(self.retry.attempts):
            response: httpx.Response | None = None
            try:
                response = self._http.request(method, url, timeout=timeout, **kwargs)
            except TRANSIENT_ERRORS as exc:
                last = f"{type(exc).__name__}: {exc}"
            else:
                if not is_transient_response(response):
                    raise_for_status(response)
                    return response
                last = f"HTTP {response.status_code}"
            if attempt + 1 < self.retry.attempts:
                time.sleep(self.retry.delay(attempt, response))
        raise ServiceUnavailable(f"{method} {url} failed after {self.retry.attempts} tries: {last}")

    def submit(self, request: SubmissionRequest, wait: float = 0.0) -> SubmissionState:
        """Queue a submission; with ``wait`` the service holds the answer up to that long."""
        params = {"wait": wait} if wait else None
        body = request.model_dump(mode="json")
        response = self._request("POST", "/v1/submissions", wait, json=body, params=params,
                                   headers=idempotency_header())
        return SubmissionState.model_validate(response.json())

    def submit_batch(self, requests: Sequence[SubmissionRequest]) -> list[str]:
        body = BatchRequest(submissions=list(requests)).model_dump(mode="json")
        response = self._request("POST", "/v1/submissions/batch", json=body,
                                   headers=idempotency_header())
        return BatchAccepted.model_validate(response.json()).ids

    def get(self, submission_id: str, wait: float = 0.0) -> SubmissionState:
        params = {"wait": wait} if wait else None
        response = self._request("GET", f"/v1/submissions/{submission_id}", wait, params=params)
        return SubmissionState.model_validate(response.json())

    def problem(self, problem_id: str) -> ProblemInfo:
        """The problem's version and subtasks (``GET /v1/problems/{id}``)."""
        response = self._request("GET", f"/v1/problems/{problem_id}")
        return ProblemInfo.model_validate(response.json())

    def get_many(self, ids: Sequence[str]) -> list[SubmissionState]:
        response = self._request("GET", "/v1/submissions", params={"ids": ",".join(ids)})
        return [SubmissionState.model_validate(item) for item in response.json()]

    def wait(self, submission_id: str, timeout: float = 600.0) -> SubmissionState:
        """Long-poll until the submission is done or errored; raises TimeoutError."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"submission {submission_id} not finished after {timeout}s")
            state = self.get(submission_id, wait=min(POLL_SECONDS, left))
            if state.status.finished:
                return state

    def score(self, request: SubmissionRequest, timeout: float = 600.0) -> SubmissionState:
        """Submit and wait for the final state."""
        started = time.monotonic()
        state = self.submit(request, wait=min(POLL_SECONDS, timeout))
        if state.status.finished:
            return state
        return self.wait(state.id, timeout - (time.monotonic() - started))

    def score_many(
        self,
        requests: Sequence[SubmissionRequest],
        concurrency: int = 16,
        timeout: float = 600.0,
    ) -> list[SubmissionState]:
        """Score every request with at most ``concurrency`` in flight; one state per
        request, in order. A request the service refuses (or that keeps failing)
        yields an ``error`` state with id ``""`` instead of failing the whole batch;
        a wrong token (:class:`AuthError`) still raises."""
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            return list(pool.map(lambda r: self._score_or_error(r, timeout), requests))

    def _score_or_error(self, request: SubmissionRequest, timeout: float) -> SubmissionState:
        try:
            return self.score(request, timeout)
        except AuthError:
            raise
        except (JudgeClientError, TimeoutError) as exc:
            return SubmissionState(id="", status=SubmissionStatus.ERROR, error=str(exc))
