"""The synchronous client: ``JudgeClient(base_url, token)``."""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
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


class JudgeClient(ClientBase[httpx.Client]):
    """Submit to a running ioi-judge service and wait for results (options: see
    :class:`~judge.client.base.ClientBase`; at most 64 connections by default)."""

    default_connections = 64

    def _open_pool(self, base_url: str, headers: dict[str, str], timeout: float,
                   limits: httpx.Limits) -> httpx.Client:
        return httpx.Client(base_url=base_url, headers=headers, timeout=timeout, limits=limits)

    def __enter__(self) -> JudgeClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _request(self, method: str, url: str, wait: float = 0.0, **kwargs: Any) -> httpx.Response:
        tries = Tries(self.retry, method, url)
        for attempt in tries:
            try:
                answer: httpx.Response | Exception = self._http.request(
                    method, url, timeout=self.timeout + wait, **kwargs)
            except TRANSIENT_ERRORS as exc:
                answer = exc
            if (response := tries.accept(answer)) is not None:
                return response
            time.sleep(tries.pause(attempt))
        raise tries.exhausted()

    def submit(self, request: SubmissionRequest, wait: float = 0.0) -> SubmissionView:
        """Queue a submission; with ``wait`` the service holds the answer up to that long."""
        params = {"wait": wait} if wait else None
        body = request.model_dump(mode="json")
        response = self._request("POST", "/v1/submissions", wait, json=body, params=params,
                                   headers=idempotency_header())
        return SubmissionView.model_validate(response.json())

    def submit_batch(self, requests: Sequence[SubmissionRequest]) -> list[str]:
        body = BatchRequest(submissions=list(requests)).model_dump(mode="json")
        response = self._request("POST", "/v1/submissions/batch", json=body,
                                   headers=idempotency_header())
        return BatchAccepted.model_validate(response.json()).ids

    def get(self, submission_id: str, wait: float = 0.0) -> SubmissionView:
        params = {"wait": wait} if wait else None
        response = self._request("GET", f"/v1/submissions/{submission_id}", wait, params=params)
        return SubmissionView.model_validate(response.json())

    def problem(self, problem_id: str) -> ProblemInfo:
        """The problem's version and subtasks (``GET /v1/problems/{id}``)."""
        response = self._request("GET", f"/v1/problems/{problem_id}")
        return ProblemInfo.model_validate(response.json())

    def get_many(self, ids: Sequence[str]) -> list[SubmissionView]:
        response = self._request("GET", "/v1/submissions", params={"ids": ",".join(ids)})
        return [SubmissionView.model_validate(item) for item in response.json()]

    def wait(self, submission_id: str, timeout: float = 600.0) -> SubmissionView:
        """Long-poll until the submission is done or errored; raises TimeoutError."""
        for poll in polls(submission_id, timeout):
            state = self.get(submission_id, wait=poll)
            if state.status.finished:
                return state
        raise AssertionError("polls() ends by raising TimeoutError")

    def score(self, request: SubmissionRequest, timeout: float = 600.0) -> SubmissionView:
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
    ) -> list[SubmissionView]:
        """Score every request with at most ``concurrency`` in flight; one state per
        request, in order. A request the service refuses (or that keeps failing)
        yields an ``error`` state with id ``""`` instead of failing the whole batch;
        a wrong token (:class:`AuthError`) still raises."""
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            return list(pool.map(lambda r: self._score_or_error(r, timeout), requests))

    def _score_or_error(self, request: SubmissionRequest, timeout: float) -> SubmissionView:
        try:
            return self.score(request, timeout)
        except AuthError:
            raise
        except (JudgeClientError, TimeoutError) as exc:
            return error_state(exc)

    # --- /v1/runs: tests in the request -------------------------------------

    def create_testset(self, tests: Sequence[RunTest]) -> TestsetInfo:
        """Store tests once (``POST /v1/testsets``); runs reference them by ``info.id``.
        Idempotent: the id is the sha256 of the tests."""
        body = TestsetRequest(tests=list(tests)).model_dump(mode="json")
        return TestsetInfo.model_validate(self._request("POST", "/v1/testsets", json=body).json())

    def submit_run(self, request: RunRequest, wait: float = 0.0) -> RunView:
        params = {"wait": wait} if wait else None
        response = self._request("POST", "/v1/runs", wait, params=params,
                                 json=request.model_dump(mode="json", exclude_none=True))
        return RunView.model_validate(response.json())

    def get_run(self, run_id: str, wait: float = 0.0) -> RunView:
        params = {"wait": wait} if wait else None
        response = self._request("GET", f"/v1/runs/{run_id}", wait, params=params)
        return RunView.model_validate(response.json())

    def wait_run(self, run_id: str, timeout: float = 600.0) -> RunView:
        for poll in polls(run_id, timeout):
            state = self.get_run(run_id, wait=poll)
            if state.status.finished:
                return state
        raise AssertionError("polls() ends by raising TimeoutError")

    def run(self, request: RunRequest, timeout: float = 600.0) -> RunView:
        """Run and wait for the final state (``done`` with a result, or ``error``)."""
        started = time.monotonic()
        state = self.submit_run(request, wait=min(POLL_SECONDS, timeout))
        if state.status.finished:
            return state
        return self.wait_run(state.id, timeout - (time.monotonic() - started))

    def run_batch(self, requests: Sequence[RunRequest], timeout: float = 600.0) -> list[RunView]:
        """Queue the runs in one request (``POST /v1/runs/batch``) and wait for them all."""
        body = RunBatchRequest(runs=list(requests)).model_dump(mode="json", exclude_none=True)
        ids = RunBatchAccepted.model_validate(
            self._request("POST", "/v1/runs/batch", json=body).json()).ids
        deadline = time.monotonic() + timeout
        return [self.wait_run(i, max(0.001, deadline - time.monotonic())) for i in ids]

    def run_many(self, requests: Sequence[RunRequest], concurrency: int = 16,
                 timeout: float = 600.0) -> list[RunView]:
        """As :meth:`score_many` for runs: one state per request, in order; a
        request that cannot be judged gives an ``error`` state with id ``""``."""
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            return list(pool.map(lambda r: self._run_or_error(r, timeout), requests))

    def _run_or_error(self, request: RunRequest, timeout: float) -> RunView:
        try:
            return self.run(request, timeout)
        except AuthError:
            raise
        except (JudgeClientError, TimeoutError) as exc:
            return run_error_state(exc)
