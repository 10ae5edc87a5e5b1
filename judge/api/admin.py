"""``/v1/admin/...`` (admin): what the console reads. Submissions recent first
with filters and cursor paging, one submission with its source
(:mod:`judge.service.listing`), and the service's queues, workers and
throughput (:mod:`judge.service.status`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from judge.api.auth import Role, require
from judge.api.errors import ApiError, error_responses
from judge.api.services import Services, services
from judge.service.listing import SubmissionFilter, UnknownCursor
from judge.wire.admin import AdminSubmission, ServiceStatus, SubmissionPage
from judge.wire.submissions import SubmissionStatus

router = APIRouter(prefix="/v1/admin", tags=["admin"],
                   dependencies=[Depends(require(Role.ADMIN))])
Svc = Annotated[Services, Depends(services)]
MAX_PAGE = 200


@router.get("/submissions", response_model=SubmissionPage,
            responses=error_responses(403, 422),
            summary="Submissions, newest first, filtered; page on with ?before=next_before")
async def list_submissions(
    svc: Svc,
    problem: Annotated[str | None, Query(max_length=200, description="A problem id.")] = None,
    status: Annotated[SubmissionStatus | None, Query(description="One status.")] = None,
    language: Annotated[str | None, Query(max_length=100, description="A language.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Most rows.")] = 50,
    before: Annotated[str | None, Query(
        max_length=200, description="The previous page's `next_before`.")] = None,
) -> SubmissionPage:
    wanted = SubmissionFilter(problem=problem, status=status, language=language)
    try:
        return await svc.listing.page(wanted, limit, before)
    except UnknownCursor as exc:
        raise ApiError(422, str(exc)) from None


@router.get("/submissions/{submission_id}", response_model=AdminSubmission,
            responses=error_responses(403, 404, 422),
            summary="One submission: per-subtask and per-test results and its source")
async def get_submission(submission_id: str, svc: Svc) -> AdminSubmission:
    found = await svc.listing.one(submission_id)
    if found is None:
        raise ApiError(404, f"unknown (or expired) submission {submission_id}")
    return found


@router.get("/service", response_model=ServiceStatus, responses=error_responses(403),
            summary="Queue depths, live workers and their isolation, throughput per minute")
async def service_status(svc: Svc) -> ServiceStatus:
    return await run_in_threadpool(svc.status.read)
