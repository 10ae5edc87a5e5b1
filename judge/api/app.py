"""The FastAPI application: ``create_app(settings)``.

OpenAPI documentation at ``/docs``; the API lives under ``/v1``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from judge.api import admin, languages, ops, piston, problems, runs, submissions, verify
from judge.api.console_files import mount_console
from judge.api.errors import error_responses, install_error_handlers
from judge.api.limits import BodyLimitMiddleware
from judge.api.services import Services
from judge.service.metrics import RedisCollector
from judge.settings import Settings

DESCRIPTION = """
IOI-style judge service. Submit C++/Python solutions with `POST /v1/submissions`
(add `?wait=SECONDS` to get the result in the same call), read results with
`GET /v1/submissions/{id}`, upload problems with `POST /v1/problems` (admin).

Authenticate with `Authorization: Bearer <token>`: a submit token for
submissions and reading problems, an admin token for uploading and deleting
problems. Every error answer is JSON with a `message`.

`/api/v2` speaks Piston v2 (`POST /api/v2/execute`, `GET /api/v2/runtimes`) with
Open R1's `cms_ioi` and CodeForces runtimes; it takes the token as Bearer or as
HTTP Basic credentials in the endpoint URL (`http://user:TOKEN@host:8000/api/v2`).

The admin console (a browser UI over these routes) is at `/console`.
"""


def create_app(settings: Settings) -> FastAPI:
    """The API app. Redis clients are created here (they connect lazily); the
    event listener behind ``?wait=`` starts with the app's lifespan."""
    svc = Services.build(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        svc.notifier.start()
        try:
            yield
        finally:
            await svc.close()

    app = FastAPI(title="ioi-judge", version="1", description=DESCRIPTION, lifespan=lifespan)
    app.state.services = svc
    # No auto_describe: it would collect (query Redis) at registration, and the
    # API must start while Redis is still down.
    registry = CollectorRegistry()
    registry.register(RedisCollector(svc.redis, svc.queue))
    app.state.metrics_registry = registry
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, settings=settings)
    # Answers every /v1 route can give: auth, body limit, Redis down.
    common = error_responses(401, 413, 503)
    app.include_router(submissions.router, responses={**common, **error_responses(404, 422)})
    app.include_router(runs.router, responses=common)
    app.include_router(problems.router, responses=common)
    app.include_router(verify.router, responses=common)
    app.include_router(admin.router, responses=common)
    app.include_router(languages.router, responses=common)
    app.include_router(ops.router)
    app.include_router(piston.router, responses=error_responses(400, 401, 413, 422, 500, 503, 504))
    mount_console(app)
    return app
