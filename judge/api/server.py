"""Run the API on uvicorn with JSON logs."""

from __future__ import annotations

import logging

import uvicorn

from judge.api.app import create_app
from judge.api.tokens import ensure_tokens, tokens_file
from judge.logs import setup_json_logging
from judge.settings import Settings

log = logging.getLogger("judge.api")


def serve_api(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    setup_json_logging()
    settings = settings.model_copy(update={"data_dir": settings.data_dir.resolve()})
    settings, generated = ensure_tokens(settings)
    if generated is not None:
        log.warning("no tokens configured: using the local tokens", extra={
            "file": str(tokens_file(settings)), "admin_token": generated.admin,
            "submit_token": generated.submit,
        })
    config = uvicorn.Config(
        create_app(settings), host=host or settings.api_host, port=port or settings.api_port,
        log_config=None, access_log=False, timeout_graceful_shutdown=5,
    )
    uvicorn.Server(config).run()
