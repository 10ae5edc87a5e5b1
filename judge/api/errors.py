"""Every error answer is JSON with a ``message`` (and the same text as ``detail``,
which FastAPI clients read). Bad input never yields a 500."""

from __future__ import annotations

import logging
from typing import Any

import redis
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from judge.wire.errors import ErrorBody

log = logging.getLogger("judge.api")


ERROR_DESCRIPTIONS = {
    400: "The body cannot be parsed (not JSON, broken multipart), or a Piston job "
    "cannot be judged as sent",
    401: "No bearer token, or an unknown one",
    403: "The route needs an admin token",
    404: "No such object",
    409: "The object is in a state that does not allow this",
    413: "Request body (or a part of it) over its limit",
    422: "The request is invalid (body, parameters, or the uploaded archive)",
    500: "The judge failed on this request (a Piston job: see `message`)",
    503: "Redis is unavailable; retry after `Retry-After` seconds",
    504: "Not judged within the wait (a Piston job); send it again",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` declaring error answers with the :class:`ErrorBody` shape."""
    return {code: {"model": ErrorBody, "description": ERROR_DESCRIPTIONS[code]}
            for code in codes}


class ApiError(HTTPException):
    """An answer with a status and a one-line message."""

    def __init__(self, status_code: int, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status_code, detail=message, headers=headers)


def error_response(status_code: int, message: str, headers: dict[str, str] | None = None
                   ) -> JSONResponse:
    return JSONResponse({"message": message, "detail": message}, status_code, headers=headers)


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:10]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{loc or 'body'}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return error_response(exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, _describe_validation(exc))

    @app.exception_handler(redis.RedisError)
    async def redis_error(_request: Request, exc: redis.RedisError) -> JSONResponse:
        log.error("redis unavailable", extra={"error": str(exc)})
        return error_response(503, f"the queue (Redis) is unavailable: {exc}",
                              {"Retry-After": "1"})

    @app.exception_handler(Exception)
    async def internal_error(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error")
        return error_response(500, f"internal error: {type(exc).__name__}")
