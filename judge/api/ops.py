"""Operations endpoints (no auth): liveness, readiness, Prometheus metrics."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from redis.exceptions import RedisError
from rq import Worker
from starlette.concurrency import run_in_threadpool

from judge.api.services import Services, services
from judge.service import isolation
from judge.wire.health import Health

router = APIRouter(tags=["operations"])
Svc = Annotated[Services, Depends(services)]


@router.get("/healthz", response_model=Health, response_model_exclude_none=True,
            summary="The API process is up (looks at nothing else)")
async def healthz() -> Health:
    return Health(ok=True)


@router.get("/readyz", response_model=Health,
            responses={503: {"model": Health, "description": "Not ready (see `message`)"}},
            summary="Redis reachable and at least one worker alive (else 503); "
                    "workers in the degraded isolation mode are counted and named")
async def readyz(svc: Svc) -> JSONResponse:
    try:
        await svc.aredis.ping()
        workers = await run_in_threadpool(Worker.count, svc.redis)
        modes = await run_in_threadpool(isolation.live_modes, svc.redis)
    except (RedisError, OSError) as exc:
        health = Health(ok=False, redis=False, workers=None, message=f"redis unreachable: {exc}")
        return JSONResponse(health.model_dump(), status_code=503)
    degraded = modes[isolation.DEGRADED]
    health = Health(ok=workers > 0, redis=True, workers=workers, isolation=modes,
                    degraded_workers=degraded, message=_readiness_message(workers, degraded))
    return JSONResponse(health.model_dump(), status_code=200 if workers else 503)


def _readiness_message(workers: int, degraded: int) -> str:
    if not workers:
        return "no live workers"
    if degraded:
        return (f"degraded: {degraded} of {workers} workers judge without cgroups "
                "(rlimits: memory by RLIMIT_AS, CPU by rusage; see their logs)")
    return ""


@router.get("/metrics", summary="Prometheus metrics", response_class=Response,
            responses={200: {"content": {CONTENT_TYPE_LATEST.split(";")[0]: {}}}})
async def metrics(request: Request) -> Response:
    registry: CollectorRegistry = request.app.state.metrics_registry
    body = await run_in_threadpool(generate_latest, registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
