"""The asyncio client: ``AsyncJudgeClient(base_url, token)``, the same API as
:class:`judge.client.sync.JudgeClient` with ``await``."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

import httpx

from judge.client.base import (
    POLL_SECONDS,
    ClientBase,
    error_state,
    idempotency_header,
    polls,
    run_error_state,
)
from judge.client.retry import TRANSIENT_ERRORS, AuthError, JudgeClientError, Tries
from judge.wire.problems import ProblemInfo
from judge.wire.runs import (
    RunBatchAccepted,
    RunBatchRequest,
    RunRequest,
    RunTest,
    RunView,
    TestsetInfo,
    TestsetRequest,
)
from judge.wire.submissions import (
    BatchAccepted,
    BatchRequest,
    SubmissionRequest,
    SubmissionView,
)


class AsyncJudgeClient(ClientBase[httpx.AsyncClient]):
    """The asyncio twin of :class:`~judge.client.sync.JudgeClient` (at most 256
    connections by default)."""

    default_connections = 256

    def _open_pool(self, base_url: str, headers: dict[str, str], timeout: float,
                   limits: httpx.Limits) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=base_url, headers=headers, timeout=timeout,
                                 limits=limits)

    async def __aenter__(self) -> AsyncJudgeClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _request(
        self, method: str, url: str, wait: float = 0.0, **kwargs: Any
    ) -> httpx.Response:
        tries = Tries(self.retry, method, url)
        for attempt in tries:
            try:
                answer: httpx.Response | Exception = await self._http.request(
                    method, url, timeout=self.timeout + wait, **kwargs)
            except TRANSIENT_ERRORS as exc:
                answer = exc
            if (response := tries.accept(answer)) is not None:
                return response
            await asyncio.sleep(tries.pause(attempt))
        raise tries.exhausted()

    async def submit(self, request: SubmissionRequest, wait: float = 0.0) -> SubmissionView:
        params = {"wait": wait} if wait else None
        body = request.model_dump(mode="json")
        response = await self._request("POST", "/v1/submissions", wait, json=body, params=params,
                                   headers=idempotency_header())
        return SubmissionView.model_validate(response.json())

    async def submit_batch(self, requests: Sequence[SubmissionRequest]) -> list[str]:
        body = BatchRequest(submissions=list(requests)).model_dump(mode="json")
        response = await self._request("POST", "/v1/submissions/batch", json=body,
                                   headers=idempotency_header())
        return BatchAccepted.model_validate(response.json()).ids

    async def get(self, submission_id: str, wait: float = 0.0) -> SubmissionView:
        params = {"wait": wait} if wait else None
        url = f"/v1/submissions/{submission_id}"
        response = await self._request("GET", url, wait, params=params)
        return SubmissionView.model_validate(response.json())

    async def problem(self, problem_id: str) -> ProblemInfo:
        """The problem's version and subtasks (``GET /v1/problems/{id}``)."""
        response = await self._request("GET", f"/v1/problems/{problem_id}")
        return ProblemInfo.model_validate(response.json())

    async def get_many(self, ids: Sequence[str]) -> list[SubmissionView]:
        response = await self._request("GET", "/v1/submissions", params={"ids": ",".join(ids)})
        return [SubmissionView.model_validate(item) for item in response.json()]

    async def wait(self, submission_id: str, timeout: float = 600.0) -> SubmissionView:
        for poll in polls(submission_id, timeout):
            state = await self.get(submission_id, wait=poll)
            if state.status.finished:
                return state
        raise AssertionError("polls() ends by raising TimeoutError")

    async def score(self, request: SubmissionRequest, timeout: float = 600.0) -> SubmissionView:
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
    ) -> list[SubmissionView]:
        """As :meth:`JudgeClient.score_many`: bounded concurrency, one state per request."""
        gate = asyncio.Semaphore(max(1, concurrency))

        async def one(request: SubmissionRequest) -> SubmissionView:
            async with gate:
                try:
                    return await self.score(request, timeout)
                except AuthError:
                    raise
                except (JudgeClientError, TimeoutError) as exc:
                    return error_state(exc)

        return list(await asyncio.gather(*(one(r) for r in requests)))

    # --- /v1/runs: tests in the request (as JudgeClient) --------------------

    async def create_testset(self, tests: Sequence[RunTest]) -> TestsetInfo:
        body = TestsetRequest(tests=list(tests)).model_dump(mode="json")
        response = await self._request("POST", "/v1/testsets", json=body)
        return TestsetInfo.model_validate(response.json())

    async def submit_run(self, request: RunRequest, wait: float = 0.0) -> RunView:
        params = {"wait": wait} if wait else None
        response = await self._request("POST", "/v1/runs", wait, params=params,
                                       json=request.model_dump(mode="json", exclude_none=True))
        return RunView.model_validate(response.json())

    async def get_run(self, run_id: str, wait: float = 0.0) -> RunView:
        params = {"wait": wait} if wait else None
        response = await self._request("GET", f"/v1/runs/{run_id}", wait, params=params)
        return RunView.model_validate(response.json())

    async def wait_run(self, run_id: str, timeout: float = 600.0) -> RunView:
        for poll in polls(run_id, timeout):
            state = await self.get_run(run_id, wait=poll)
            if state.status.finished:
                return state
        raise AssertionError("polls() ends by raising TimeoutError")

    async def run(self, request: RunRequest, timeout: float = 600.0) -> RunView:
        started = time.monotonic()
        state = await self.submit_run(request, wait=min(POLL_SECONDS, timeout))
        if state.status.finished:
            return state
        return await self.wait_run(state.id, timeout - (time.monotonic() - started))

    async def run_batch(self, requests: Sequence[RunRequest], timeout: float = 600.0
                        ) -> list[RunView]:
        body = RunBatchRequest(runs=list(requests)).model_dump(mode="json", exclude_none=True)
        response = await self._request("POST", "/v1/runs/batch", json=body)
        ids = RunBatchAccepted.model_validate(response.json()).ids
        return list(await asyncio.gather(*(self.wait_run(i, timeout) for i in ids)))

    async def run_many(self, requests: Sequence[RunRequest], concurrency: int = 64,
                       timeout: float = 600.0) -> list[RunView]:
        gate = asyncio.Semaphore(max(1, concurrency))

        async def one(request: RunRequest) -> RunView:
            async with gate:
                try:
                    return await self.run(request, timeout)
                except AuthError:
                    raise
                except (JudgeClientError, TimeoutError) as exc:
                    return run_error_state(exc)

        return list(await asyncio.gather(*(one(r) for r in requests)))
