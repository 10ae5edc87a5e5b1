"""``/v1/runs`` and ``/v1/testsets``: a source judged on tests sent with the
request (or uploaded once as a content-addressed test set and referenced by id).

Routes validate, store the tests as a test set and enqueue; workers judge
(:mod:`judge.service.run_jobs`)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from starlette.concurrency import run_in_threadpool

from judge.api.auth import Role, require
from judge.api.errors import ApiError, error_responses
from judge.api.services import Services, services
from judge.api.waiting import wait_for
from judge.languages.registry import UnknownLanguage, find_language
from judge.service.runs import new_run_id
from judge.settings import Settings
from judge.wire.runs import (
    RunBatchAccepted,
    RunBatchRequest,
    RunRequest,
    RunStatus,
    RunTest,
    RunView,
    TestsetInfo,
    TestsetRequest,
    tests_bytes,
)

router = APIRouter(tags=["runs"])
Wait = Annotated[float, Query(
    ge=0, description="Hold the request up to this many seconds until the result is ready.",
)]
Svc = Annotated[Services, Depends(services)]
Submitter = Depends(require(Role.SUBMIT))


def check_tests(settings: Settings, tests: list[RunTest], prefix: str = "") -> None:
    """At most ``max_run_tests`` tests of ``max_testset_bytes`` together (413)."""
    if len(tests) > settings.max_run_tests:
        raise ApiError(413, f"{prefix}{len(tests)} tests; the limit is {settings.max_run_tests}")
    size = tests_bytes(tests)
    if size > settings.max_testset_bytes:
        raise ApiError(413, f"{prefix}tests are {size} bytes together; "
                            f"the limit is {settings.max_testset_bytes} bytes")


def check_run(settings: Settings, request: RunRequest, prefix: str = "") -> None:
    """The checks the worker would make, before anything is stored: known
    languages (422), the source's size and the checker's (with its headers, 4
    times as much) (413), the tests' limits (413)."""
    languages = [request.language] + ([request.checker.language] if request.checker else [])
    for name in languages:
        try:
            find_language(name)
        except UnknownLanguage as exc:
            raise ApiError(422, prefix + str(exc.args[0])) from None
    # A checker comes with its headers (testlib.h alone is 150 KB).
    sizes = {"source": (len(request.source.encode()), settings.max_source_bytes)}
    if request.checker is not None:
        sizes["checker"] = (len(request.checker.source.encode()) + sum(
            len(text.encode()) for text in request.checker.files.values()),
            4 * settings.max_source_bytes)
    for what, (size, limit) in sizes.items():
        if size > limit:
            raise ApiError(413, f"{prefix}{what} is {size} bytes; the limit is {limit} bytes")
    if request.tests is not None:
        check_tests(settings, request.tests, prefix)


async def with_testset(svc: Services, request: RunRequest, prefix: str = "") -> RunRequest:
    """The request with its tests in a test set (stored now if inline; 404 for
    an unknown test set id)."""
    if request.tests is not None:
        info = await svc.testsets.put(request.tests)
        return request.model_copy(update={"tests": None, "testset": info.id})
    assert request.testset is not None
    if not await svc.testsets.touch(request.testset):
        raise ApiError(404, f"{prefix}unknown (or expired) test set {request.testset}")
    return request


async def wait_runs(svc: Services, ids: list[str], seconds: float) -> list[RunView | None]:
    """The states of ``ids``, once all are finished or ``seconds`` have passed."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + min(seconds, svc.settings.max_wait_seconds)
    with svc.notifier.watch(ids) as event:
        while True:
            states = await svc.runs.get_many(ids)
            left = deadline - loop.time()
            if left <= 0 or all(s is None or s.status.finished for s in states):
                return states
            await wait_for(event, left)


@router.post("/v1/runs", status_code=202, response_model=RunView, dependencies=[Submitter],
             responses={200: {"model": RunView, "description": "Finished within ?wait="},
                        **error_responses(400, 404, 422)},
             summary="Judge a source on tests sent with it (202; with ?wait= 200 once done)")
async def create_run(body: RunRequest, svc: Svc, response: Response, wait: Wait = 0.0
                     ) -> RunView:
    check_run(svc.settings, body)
    stored = await with_testset(svc, body)
    run_id = new_run_id()
    with svc.notifier.watch([run_id]):  # before enqueueing: an instant result is not missed
        await run_in_threadpool(svc.run_queue.submit, [(run_id, stored)])
        if wait <= 0:
            return RunView(id=run_id, status=RunStatus.QUEUED)
        [state] = await wait_runs(svc, [run_id], wait)
    if state is None:
        raise ApiError(404, f"run {run_id} vanished (Redis flushed?)")
    if state.status.finished:
        response.status_code = 200
    return state


@router.post("/v1/runs/batch", status_code=202, response_model=RunBatchAccepted,
             dependencies=[Submitter], responses=error_responses(400, 404, 422),
             summary="Queue up to max_batch runs at once")
async def create_runs(body: RunBatchRequest, svc: Svc) -> RunBatchAccepted:
    if len(body.runs) > svc.settings.max_batch:
        raise ApiError(413, f"{len(body.runs)} runs in one batch; "
                            f"the limit is {svc.settings.max_batch}")
    for index, request in enumerate(body.runs):
        check_run(svc.settings, request, f"runs[{index}]: ")
    stored = [await with_testset(svc, r, f"runs[{i}]: ") for i, r in enumerate(body.runs)]
    ids = [new_run_id() for _ in stored]
    if ids:
        await run_in_threadpool(svc.run_queue.submit, list(zip(ids, stored, strict=True)))
    return RunBatchAccepted(ids=ids)


@router.get("/v1/runs/{run_id}", response_model=RunView, dependencies=[Submitter],
            responses=error_responses(404, 422), summary="One run; its result once done")
async def get_run(run_id: str, svc: Svc, wait: Wait = 0.0) -> RunView:
    [state] = await wait_runs(svc, [run_id], wait)
    if state is None:
        raise ApiError(404, f"unknown (or expired) run {run_id}")
    return state


@router.post("/v1/testsets", response_model=TestsetInfo, dependencies=[Submitter],
             responses=error_responses(400, 422),
             summary="Store tests once (idempotent; the id is the sha256 of their content)")
async def create_testset(body: TestsetRequest, svc: Svc) -> TestsetInfo:
    check_tests(svc.settings, body.tests)
    return await svc.testsets.put(body.tests)


@router.get("/v1/testsets/{set_id}", response_model=TestsetInfo, dependencies=[Submitter],
            responses=error_responses(404, 422), summary="Whether a test set exists, and its size")
async def get_testset(set_id: str, svc: Svc) -> TestsetInfo:
    info = await svc.testsets.info(set_id)
    if info is None:
        raise ApiError(404, f"unknown (or expired) test set {set_id}")
    return info
