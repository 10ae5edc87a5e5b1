"""The asyncio client: ``AsyncJudgeClient(base_url, token)``, the same API as
:class:`judge.client.sync.JudgeClient` with ``await``."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
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
from judge.client.sync import POLL_SECONDS, idempotency_header
from judge.wire.problems import ProblemInfo
from judge.wire.submissions import (
    BatchAccepted,
    BatchRequest,
    SubmissionRequest,
    SubmissionState,
    SubmissionStatus,
)


class AsyncJudgeClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        max_connections: int = 256,
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers=headers,
            timeout=timeout,
            limits=httpx.Limits(max_connections=max_connections),
        )

    async def __aenter__(self) -> AsyncJudgeClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _request(
        self, method: str, url: str, wait: float = 0.0, **kwargs: Any
    ) -> httpx.Response:
        timeout = self.timeout + wait
        last = ""
        for attempt in range(self.retry.attempts):
            response: httpx.Response | None = None
            try:
                response = await self._http.request(method, url, timeout=timeout, **kwargs)
            except TRANSIENT_ERRORS as exc:
                last = f"{type(exc).__name__}: {exc}"
            else:
                if not is_transient_response(response):
                    raise_for_status(response)
                    return response
                last = f"HTTP {response.status_code}"
            if attempt + 1 < self.retry.attempts:
                await asyncio.sleep(self.retry.delay(attempt, response))
        raise ServiceUnavailable(f"{method} {url} failed after {self.retry.attempts} tries: {last}")

    async def submit(self, request: SubmissionRequest, wait: float = 0.0) -> SubmissionState:
        params = {"wait": wait} if wait else None
        body = request.model_dump(mode="json")
        response = await self._request("POST", "/v1/submissions", wait, json=body, params=params,
                                   headers=idempotency_header())
        return SubmissionState.model_validate(response.json())

    async def submit_batch(self, requests: Sequence[SubmissionRequest]) -> list[str]:
        body = BatchRequest(submissions=list(requests)).model_dump(mode="json")
        response = await self._request("POST", "/v1/submissions/batch", json=body,
                                   headers=idempotency_header())
        return BatchAccepted.model_validate(response.json()).ids

    async def get(self, submission_id: str, wait: float = 0.0) -> SubmissionState:
        params = {"wait": wait} if wait else None
        url = f"/v1/submissions/{submission_id}"
        response = await self._request("GET", url, wait, params=params)
        return SubmissionState.model_validate(response.json())

    async def problem(self, problem_id: str) -> ProblemInfo:
        """The problem's version and subtasks (``GET /v1/problems/{id}``)."""
        response = await self._request("GET", f"/v1/problems/{problem_id}")
        return ProblemInfo.model_validate(response.json())

    async def get_many(self, ids: Sequence[str]) -> list[SubmissionState]:
        response = await self._request("GET", "/v1/submissions", params={"ids": ",".join(ids)})
        return [SubmissionState.model_validate(item) for item in response.json()]

    async def wait(self, submission_id: str, timeout: float = 600.0) -> SubmissionState:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"submission {submission_id} not finished after {timeout}s")
            state = await self.get(submission_id, wait=min(POLL_SECONDS, left))
            if state.status.finished:
                return state

    async def score(self, request: SubmissionRequest, timeout: float = 600.0) -> SubmissionState:
        started = time.monotonic()
        state = await self.submit(request, wait=min(POLL_SECONDS, timeout))
        if state.status.finished:
            return state
        return await self.wait(state.id, timeout - (time.monotonic() - started))

    async def score_many(
        self,
        requests: Sequence[SubmissionRequest],
        concurrency: int = 64,
        timeout: float = 600.0,
    ) -> list[SubmissionState]:
        """As :meth:`JudgeClient.score_many`: bounded concurrency, one state per request."""
        gate = asyncio.Semaphore(max(1, concurrency))

        async def one(request: SubmissionRequest) -> SubmissionState:
            async with gate:
                try:
                    return await self.score(request, timeout)
                except AuthError:
                    raise
                except (JudgeClientError, TimeoutError) as exc:
                    return SubmissionState(id="", status=SubmissionStatus.ERROR, error=str(exc))

        return list(await asyncio.gather(*(one(r) for r in requests)))
