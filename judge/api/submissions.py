"""``/v1/submissions``: submit, read, wait for and cancel submissions.

Routes validate and enqueue; workers judge (:mod:`judge.service.worker`)."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from judge.api.auth import Role, require
from judge.api.errors import ApiError, error_responses
from judge.api.services import Services, services
from judge.api.waiting import wait_for
from judge.grading.evaluate import UnknownSubtask, select_subtasks
from judge.grading.tasktypes import UnsupportedLanguage, language_for
from judge.problems.model import Problem, TaskType
from judge.service.queue import new_submission_id
from judge.settings import Settings
from judge.wire.submissions import (
    BatchAccepted,
    BatchRequest,
    SubmissionRequest,
    SubmissionStatus,
    SubmissionView,
)

router = APIRouter(prefix="/v1/submissions", tags=["submissions"])
# Task types whose submissions carry output files (``output_<test>.txt``).
FILE_TASK_TYPES = (TaskType.OUTPUT_ONLY, TaskType.BATCH_AND_OUTPUT)

Wait = Annotated[float, Query(
    ge=0, description="Hold the request up to this many seconds until the result is ready.",
)]
Svc = Annotated[Services, Depends(services)]
Submitter = Depends(require(Role.SUBMIT))
IdempotencyKey = Annotated[str | None, Header(
    max_length=200, pattern=r"^[\x21-\x7e]+$",
    description="Any client-chosen string (e.g. a UUID) naming one logical submission: "
    "a retry with the same key (after a timeout or a lost answer) gets the submission "
    "the first request created instead of a second one.",
)]


def _scoped(request: Request, key: str) -> str:
    """Idempotency keys are per token: two clients choosing the same key do not meet."""
    token = request.headers.get("authorization", "")
    return hashlib.sha256(token.encode()).hexdigest()[:16] + ":" + key


async def _enqueue(svc: Services, request: Request, key: str | None,
                   checked: list[tuple[SubmissionRequest, str]],
                   ids: list[str] | None = None) -> tuple[list[str], bool]:
    """Store and enqueue; with an idempotency key, once per key."""
    if key is None:
        return await run_in_threadpool(svc.queue.submit, checked, ids), True
    return await run_in_threadpool(svc.queue.submit_once, _scoped(request, key), checked, ids)


def check_against(problem: Problem, request: SubmissionRequest) -> str | None:
    """Why the problem cannot judge this request, or None: the checks the worker
    makes, made before the request is queued."""
    reason = _parts_reason(problem, request)
    if reason is not None:
        return reason
    try:
        if request.source or problem.task_type not in FILE_TASK_TYPES:
            language_for(problem, request.language)
        select_subtasks(problem, request.subtask)
    except (UnsupportedLanguage, UnknownSubtask) as exc:
        return str(exc)
    return None


def _parts_reason(problem: Problem, request: SubmissionRequest) -> str | None:
    """Why the request's source and output files do not fit the problem's task
    type (OutputOnly: files only; BatchAndOutput: a source, files or both; the
    others: a source only), or None."""
    kind = problem.task_type
    if request.outputs and kind not in FILE_TASK_TYPES:
        return f"problem {problem.id!r} is {kind.value}: it takes a source, not output files"
    if kind is TaskType.OUTPUT_ONLY and request.source:
        return (f"problem {problem.id!r} is OutputOnly: it takes output files "
                "(output_<test>.txt), not a source")
    tests = {t.name for t in problem.tests}
    unknown = [name for name, test in zip(request.outputs, request.test_outputs(), strict=True)
               if test not in tests]
    if unknown:
        return (f"problem {problem.id!r} has no test for output file(s) "
                f"{', '.join(unknown[:5])}")
    return None


def _check_content(settings: Settings, request: SubmissionRequest, prefix: str) -> None:
    """Something to judge, within the size limits."""
    if not request.source and not request.outputs:
        raise ApiError(422, f"{prefix}a submission needs a source or output files "
                            "(output_<test>.txt)")
    size = len(request.source.encode())
    limit = settings.max_source_bytes
    if size > limit:
        raise ApiError(413, f"{prefix}source is {size} bytes; the limit is {limit} bytes")
    size = sum(len(text.encode()) for text in request.outputs.values())
    limit = settings.max_outputs_bytes
    if size > limit:
        raise ApiError(413, f"{prefix}output files are {size} bytes together; "
                            f"the limit is {limit} bytes")


async def check_request(svc: Services, request: SubmissionRequest, where: str = "") -> str:
    """Validate one request; the problem version it will be judged against."""
    prefix = f"{where}: " if where else ""
    _check_content(svc.settings, request, prefix)
    version = await svc.catalog.current(request.problem_id)
    problem = await svc.catalog.model(request.problem_id, version) if version else None
    if version is None or problem is None:
        raise ApiError(404, f"{prefix}unknown problem {request.problem_id!r}")
    reason = check_against(problem, request)
    if reason is not None:
        raise ApiError(422, prefix + reason)
    return version


async def wait_states(svc: Services, ids: list[str], seconds: float
                      ) -> list[SubmissionView | None]:
    """The states of ``ids``, once all are finished or ``seconds`` have passed."""
    with svc.notifier.watch(ids) as event:
        return await _wait_watched(svc, ids, seconds, event, await svc.store.get_many(ids))


async def _wait_watched(svc: Services, ids: list[str], seconds: float, event: asyncio.Event,
                        states: list[SubmissionView | None]) -> list[SubmissionView | None]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + min(seconds, svc.settings.max_wait_seconds)
    while True:
        pending = [i for i, s in enumerate(states) if s is not None and not s.status.finished]
        left = deadline - loop.time()
        if not pending or left <= 0:
            return states
        await wait_for(event, left)
        fresh = await svc.store.get_many([ids[i] for i in pending])
        for i, state in zip(pending, fresh, strict=True):
            states[i] = state


def _queued_view(submission_id: str, request: SubmissionRequest, version: str) -> SubmissionView:
    return SubmissionView(
        id=submission_id, status=SubmissionStatus.QUEUED, problem_id=request.problem_id,
        problem_version=version, language=request.language, priority=request.priority,
        metadata=request.metadata,
    )


@router.post("", status_code=202, response_model=SubmissionView, dependencies=[Submitter],
             responses={200: {"model": SubmissionView, "description": "Finished within ?wait="},
                        **error_responses(400)},
             summary="Submit one solution (202; with ?wait= 200 once finished)")
async def submit(body: SubmissionRequest, svc: Svc, http: Request, response: Response,
                 wait: Wait = 0.0, idempotency_key: IdempotencyKey = None) -> SubmissionView:
    version = await check_request(svc, body)
    submission_id = new_submission_id()
    queued = _queued_view(submission_id, body, version)
    # Watch before enqueueing, so that even an instant result is not missed.
    with svc.notifier.watch([submission_id]) as event:
        [stored_id], created = await _enqueue(svc, http, idempotency_key,
                                              [(body, version)], [submission_id])
        if not created:
            response.headers["Idempotent-Replayed"] = "true"
            return await _replayed(svc, stored_id, wait, response)
        if wait <= 0:
            return queued
        [state] = await _wait_watched(svc, [submission_id], wait, event, [queued])
    if state is None:
        raise ApiError(404, f"submission {submission_id} vanished (Redis flushed?)")
    if state.status.finished:
        response.status_code = 200
    return state


async def _replayed(svc: Services, submission_id: str, wait: float, response: Response
                    ) -> SubmissionView:
    """The submission an earlier request with the same idempotency key created."""
    [state] = await wait_states(svc, [submission_id], wait)
    if state is None:
        raise ApiError(404, f"submission {submission_id} of this idempotency key has expired")
    if wait > 0 and state.status.finished:
        response.status_code = 200
    return state


@router.post("/batch", status_code=202, response_model=BatchAccepted, dependencies=[Submitter],
             responses=error_responses(400),
             summary="Submit up to 1,000 solutions at once")
async def submit_batch(body: BatchRequest, svc: Svc, http: Request,
                       idempotency_key: IdempotencyKey = None) -> BatchAccepted:
    if len(body.submissions) > svc.settings.max_batch:
        raise ApiError(413, f"{len(body.submissions)} submissions in one batch; "
                            f"the limit is {svc.settings.max_batch}")
    checked = []
    for index, request in enumerate(body.submissions):
        version = await check_request(svc, request, where=f"submissions[{index}]")
        checked.append((request, version))
    if not checked:
        return BatchAccepted(ids=[])
    ids, _ = await _enqueue(svc, http, idempotency_key, checked)
    return BatchAccepted(ids=ids)


def _split_ids(ids: list[str]) -> list[str]:
    return [part for item in ids for part in item.split(",") if part]


@router.get("", response_model=list[SubmissionView], dependencies=[Submitter],
            summary="Many submissions at once (?ids=a,b,c or repeated ids=)")
async def get_many(svc: Svc, ids: Annotated[list[str], Query()], wait: Wait = 0.0
                   ) -> list[SubmissionView]:
    wanted = _split_ids(ids)
    if len(wanted) > svc.settings.max_batch:
        raise ApiError(413, f"{len(wanted)} ids; the limit is {svc.settings.max_batch}")
    states = await wait_states(svc, wanted, wait)
    missing = [i for i, s in zip(wanted, states, strict=True) if s is None]
    if missing:
        raise ApiError(404, f"unknown (or expired) submissions: {', '.join(missing[:10])}")
    return [s for s in states if s is not None]


@router.get("/{submission_id}", response_model=SubmissionView, dependencies=[Submitter],
            summary="One submission; its result once done")
async def get_one(submission_id: str, svc: Svc, wait: Wait = 0.0) -> SubmissionView:
    [state] = await wait_states(svc, [submission_id], wait)
    if state is None:
        raise ApiError(404, f"unknown (or expired) submission {submission_id}")
    return state


@router.delete("/{submission_id}", response_model=SubmissionView, dependencies=[Submitter],
               responses=error_responses(409),
               summary="Cancel a queued submission")
async def cancel(submission_id: str, svc: Svc) -> SubmissionView:
    changed, status = await svc.store.cancel(submission_id)
    if not status:
        raise ApiError(404, f"unknown (or expired) submission {submission_id}")
    if not changed:
        raise ApiError(409, f"submission {submission_id} is {status}; "
                            "only a queued submission can be canceled")
    state = await svc.store.get(submission_id)
    if state is None:
        raise ApiError(404, f"unknown (or expired) submission {submission_id}")
    await run_in_threadpool(svc.queue.remove, submission_id, state.priority)
    return state
