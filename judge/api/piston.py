"""Piston v2 compatible routes (``/api/v2``): ``POST /execute`` judges one
request through the queue and answers as Piston would; ``GET /runtimes``.
A request that cannot be judged as sent is a 400 with Piston's ``message``,
before anything is queued."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from judge.api.auth import require_piston
from judge.api.errors import ApiError
from judge.api.services import Services, services
from judge.grading.piston import RUNTIMES, PistonRequestError, plan_job
from judge.service.piston import PistonJobs
from judge.wire.piston import PistonExecuteRequest, PistonExecuteResponse, PistonRuntime

router = APIRouter(prefix="/api/v2", tags=["piston"], dependencies=[Depends(require_piston)])
Svc = Annotated[Services, Depends(services)]


@router.get("/runtimes", response_model=list[PistonRuntime])
async def runtimes() -> list[PistonRuntime]:
    return [r.describe() for r in RUNTIMES]


@router.post("/execute", response_model=PistonExecuteResponse)
async def execute(body: PistonExecuteRequest, svc: Svc) -> JSONResponse:
    try:
        await run_in_threadpool(plan_job, body, svc.settings.piston_max_files_bytes)
    except PistonRequestError as exc:
        raise ApiError(400, str(exc)) from None
    jobs = PistonJobs(svc.redis, svc.settings)
    job_id = await run_in_threadpool(jobs.enqueue, body)
    outcome = await jobs.wait(svc.aredis, job_id, svc.settings.max_wait_seconds)
    if outcome.response is None:
        raise ApiError(outcome.status, outcome.message)
    return JSONResponse(outcome.response.model_dump(mode="json"))
