"""The admin console: static pages served at ``/console`` from the package data
in ``judge/api/console/`` (plain JavaScript modules, no build step).

The pages themselves hold nothing secret and are served without a token; every
call they make to ``/v1`` carries the admin token the user logs in with (kept in
the browser tab's ``sessionStorage`` only). The Content-Security-Policy admits
this origin alone, so the console runs offline and cannot pull in a CDN asset."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

FILES = Path(__file__).parent / "console"
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


class ConsoleFiles(StaticFiles):
    """Static files with the console's headers: the policy above, and no
    caching, so a new version of the service serves new pages at once."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["Content-Security-Policy"] = POLICY
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def mount_console(app: FastAPI) -> None:
    """``/console/`` (index.html and its modules); ``/console`` redirects there."""

    @app.get("/console", include_in_schema=False)
    async def console_root() -> RedirectResponse:
        return RedirectResponse("console/")  # relative: works behind a path prefix

    app.mount("/console", ConsoleFiles(directory=FILES, html=True), name="console")
