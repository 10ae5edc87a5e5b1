"""Request body limits, enforced while the body streams in: a declared
``Content-Length`` over the limit is refused before reading anything, and a
chunked body is cut off as soon as it passes the limit. Either way: 413 with
a JSON message."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from judge.api.errors import ApiError, error_response
from judge.settings import MiB, Settings


class BodyTooLarge(ApiError):
    """Raised from ``receive``; an HTTPException, so FastAPI's body parsing lets
    it through to the error handlers unchanged."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes")


def body_limit(settings: Settings, method: str, path: str) -> int:
    """Upload and batch routes take up to ``max_upload_bytes``; a run or a test
    set twice ``max_testset_bytes`` (and its source and checker); a single
    submission up to a few times ``max_source_bytes`` (JSON escaping can grow a
    source) and twice ``max_outputs_bytes`` (escaped newlines); a Piston execute
    twice ``piston_max_files_bytes``; the decoded source and files are checked
    exactly by the route."""
    if method == "POST" and path in ("/v1/problems", "/v1/submissions/batch", "/v1/runs/batch"):
        return settings.max_upload_bytes + MiB
    if method == "POST" and path in ("/v1/runs", "/v1/testsets"):
        # tests escaped in JSON; the decoded tests are checked exactly by the route
        return 2 * settings.max_testset_bytes + 12 * settings.max_source_bytes + MiB
    if method == "POST" and path == "/v1/submissions":
        return 6 * settings.max_source_bytes + 2 * settings.max_outputs_bytes + MiB
    if method == "POST" and path == "/api/v2/execute":  # files checked decoded by the route
        return 2 * settings.piston_max_files_bytes + MiB
    return MiB


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(self.settings, scope["method"], scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            response = error_response(413, f"request body of {declared} bytes is larger than "
                                      f"the limit of {limit} bytes")
            await response(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
