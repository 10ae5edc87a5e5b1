"""Python client of the ioi-judge REST service (sync and asyncio) and a ready
reward function for RL training loops. See ``docs/client.md``.

The request and answer models are the service's own (:mod:`judge.wire`),
re-exported here for the client's users."""

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
from judge.wire.problems import ProblemInfo, SubtaskInfo
from judge.wire.results import SubmissionResult, SubtaskResult, TestResult, Verdict
from judge.wire.runs import CheckerSpec, RunRequest, RunResult, RunTest, RunView, TestsetInfo
from judge.wire.submissions import (
    BatchRequest,
    SubmissionRequest,
    SubmissionState,
    SubmissionStatus,
    SubmissionView,
)

__all__ = [
    "AsyncJudgeClient",
    "AuthError",
    "BatchRequest",
    "CheckerSpec",
    "InvalidRequest",
    "JudgeClient",
    "JudgeClientError",
    "NotFoundError",
    "ProblemInfo",
    "RetryPolicy",
    "RunRequest",
    "RunResult",
    "RunTest",
    "RunView",
    "ServiceUnavailable",
    "SubmissionRequest",
    "SubmissionResult",
    "SubmissionState",
    "SubmissionStatus",
    "SubmissionView",
    "SubtaskInfo",
    "SubtaskResult",
    "TestResult",
    "TestsetInfo",
    "Verdict",
]
