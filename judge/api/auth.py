"""Bearer-token auth with two roles: ``submit`` and ``admin`` (admin can also
submit). No or unknown token: 401; a submit token on an admin route: 403.

The Piston-compatible ``/api/v2`` also takes the token as HTTP Basic credentials
(Piston clients send no Authorization header of their own, but put the
credentials of an endpoint URL ``http://user:TOKEN@host/api/v2`` in one), and
``JUDGE_PISTON_OPEN=true`` serves it without a token."""

from __future__ import annotations

import base64
import binascii
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


def basic_token(header: str) -> str | None:
    """The token in ``Basic base64(user:password)``: the password, or the user
    when the password is empty (``http://TOKEN@host``); None if malformed."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(value.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return password or user or None


async def require_piston(request: Request) -> Role | None:
    """Submit rights on ``/api/v2``: a Bearer or Basic token, or none when the
    deployment serves it openly (``piston_open``)."""
    settings: Settings = request.app.state.services.settings
    if settings.piston_open:
        return None
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    token = value.strip() if scheme.lower() == "bearer" else basic_token(header)
    challenge = {"WWW-Authenticate": 'Basic realm="ioi-judge", Bearer'}
    if not token:
        raise ApiError(401, "missing token: Authorization: Bearer <token>, or the token as "
                       "the password of the endpoint URL (http://user:TOKEN@host/api/v2)",
                       challenge)
    role = role_of(settings, token)
    if role is None:
        raise ApiError(401, "unknown token", challenge)
    return role
