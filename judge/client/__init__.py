"""Python client of the ioi-judge REST service (sync and asyncio) and a ready
reward function for RL training loops. See ``docs/client.md``."""

from judge.client.aio import AsyncJudgeClient
from judge.client.retry import (
    AuthError,
    InvalidRequest,
    JudgeClientError,
    NotFoundError,
    RetryPolicy,
    ServiceUnavailable,
)
from judge.client.sync import JudgeClient
from judge.wire.submissions import (
    Accepted,
    BatchRequest,
    SubmissionRequest,
    SubmissionState,
    SubmissionStatus,
)

__all__ = [
    "Accepted",
    "AsyncJudgeClient",
    "AuthError",
    "BatchRequest",
    "InvalidRequest",
    "JudgeClient",
    "JudgeClientError",
    "NotFoundError",
    "RetryPolicy",
    "ServiceUnavailable",
    "SubmissionRequest",
    "SubmissionState",
    "SubmissionStatus",
]
