"""Bearer-token auth with two roles: ``submit`` and ``admin`` (admin can also
submit). No or unknown token: 401; a submit token on an admin route: 403."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from enum import StrEnum

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from judge.api.errors import ApiError
from judge.settings import Settings


class Role(StrEnum):
    SUBMIT = "submit"
    ADMIN = "admin"


_bearer = HTTPBearer(auto_error=False, description="A submit or admin token.")


def _matches(token: str, tokens: list[str]) -> bool:
    # Compare against every token so timing does not reveal which one matched.
    found = False
    for known in tokens:
        found |= hmac.compare_digest(token.encode(), known.encode())
    return found


def role_of(settings: Settings, token: str) -> Role | None:
    if _matches(token, settings.admin_tokens):
        return Role.ADMIN
    if _matches(token, settings.submit_tokens):
        return Role.SUBMIT
    return None


def require(role: Role) -> Callable[..., Awaitable[Role]]:
    """A dependency admitting tokens of ``role`` (or admin)."""

    async def check(
        request: Request,
        credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
    ) -> Role:
        challenge = {"WWW-Authenticate": "Bearer"}
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise ApiError(401, "missing bearer token (Authorization: Bearer <token>)", challenge)
        have = role_of(request.app.state.services.settings, credentials.credentials)
        if have is None:
            raise ApiError(401, "unknown token", challenge)
        if role is Role.ADMIN and have is not Role.ADMIN:
            raise ApiError(403, "this needs an admin token")
        return have

    return check
