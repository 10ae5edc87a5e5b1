"""The REST API (FastAPI): routes validate and enqueue, workers judge."""

from judge.api.app import create_app

__all__ = ["create_app"]
