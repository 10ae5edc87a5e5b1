"""``/v1/problems/{id}/verify`` (admin): verify a problem's reference solutions
on the service's own workers, and follow the run (:mod:`judge.service.verify_runs`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from starlette.concurrency import run_in_threadpool

from judge.api.auth import Role, require
from judge.api.errors import ApiError, error_responses
from judge.api.services import Services, services
from judge.problems.store import ProblemNotFound, ProblemStore
from judge.service.problem_cache import SharedProblems
from judge.service.verify_runs import NoSolutions, plan_run, published_solutions
from judge.wire.verify import VerifyRequest, VerifyRun

router = APIRouter(prefix="/v1/problems", tags=["verify"])
Svc = Annotated[Services, Depends(services)]


def _start(svc: Services, problem_id: str, version: str, early_stop: bool
           ) -> tuple[VerifyRun, bool]:
    """Blocking: read the version's solutions, plan and start the run."""
    shared = SharedProblems(svc.redis, ProblemStore(svc.settings.problems_dir))
    problem, sources = published_solutions(shared, problem_id, version)
    plan, requests = plan_run(problem, sources, early_stop, svc.settings.max_source_bytes)
    return svc.verify_runs.start(plan, requests)


async def _current(svc: Services, problem_id: str) -> str:
    version = await svc.catalog.current(problem_id)
    if version is None:
        raise ApiError(404, f"unknown problem {problem_id!r}")
    return version


@router.post("/{problem_id}/verify", status_code=202, response_model=VerifyRun,
             dependencies=[Depends(require(Role.ADMIN))],
             responses={200: {"model": VerifyRun,
                              "description": "A run of this version is still going: that run"},
                        **error_responses(400, 403, 404, 422)},
             summary="Judge every reference solution of the current version on the workers")
async def start_verify(problem_id: str, svc: Svc, response: Response,
                       body: VerifyRequest | None = None) -> VerifyRun:
    version = await _current(svc, problem_id)
    early_stop = body.early_stop if body is not None else False
    try:
        run, started = await run_in_threadpool(_start, svc, problem_id, version, early_stop)
    except ProblemNotFound as exc:
        raise ApiError(404, str(exc)) from None
    except NoSolutions as exc:
        raise ApiError(422, str(exc)) from None
    if not started:
        response.status_code = 200
    return run


@router.get("/{problem_id}/verify", response_model=VerifyRun,
            dependencies=[Depends(require(Role.ADMIN))], responses=error_responses(403, 404, 422),
            summary="The problem's last verify run: progress and findings per solution")
async def get_verify(problem_id: str, svc: Svc) -> VerifyRun:
    await _current(svc, problem_id)
    run = await run_in_threadpool(svc.verify_runs.get, problem_id)
    if run is None:
        raise ApiError(404, f"problem {problem_id!r} was never verified on the service "
                            f"(POST /v1/problems/{problem_id}/verify)")
    return run
