"""Tokens for a local service started without any configured.

``ioi-judge up``/``serve`` with neither ``JUDGE_SUBMIT_TOKENS`` nor
``JUDGE_ADMIN_TOKENS`` set generate one admin and one submit token at first
start, save them in ``<data_dir>/api-tokens.json`` (mode 0600) and reuse them
on later starts, so that the service is never open without auth."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from pydantic import BaseModel

from judge.settings import Settings


class LocalTokens(BaseModel):
    admin: str
    submit: str


def tokens_file(settings: Settings) -> Path:
    return settings.data_dir / "api-tokens.json"


def ensure_tokens(settings: Settings) -> tuple[Settings, LocalTokens | None]:
    """The settings with tokens, and the generated ones if that was needed."""
    if settings.admin_tokens or settings.submit_tokens:
        return settings, None
    path = tokens_file(settings)
    if path.is_file():
        tokens = LocalTokens.model_validate_json(path.read_text())
    else:
        tokens = LocalTokens(admin=secrets.token_urlsafe(24), submit=secrets.token_urlsafe(24))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(tokens.model_dump(), f, indent=2)
        os.replace(path.with_suffix(".tmp"), path)
    updated = settings.model_copy(update={
        "admin_tokens": [tokens.admin], "submit_tokens": [tokens.submit],
    })
    return updated, tokens
