"""``/v1/runs`` and ``/v1/testsets``: a source judged on tests sent in the request
(or in a test set uploaded once), as RL stacks send them (DeepCoder/rllm,
SandboxFusion, Open R1's ``code_reward``), without a problem package."""

from __future__ import annotations

import hashlib
import json
import math
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from judge.wire.results import CompileInfo, Verdict
from judge.wire.submissions import Priority

TESTSET_ID_PATTERN = r"^[0-9a-f]{64}$"
COMPARE_MODES = ("tokens", "lines", "exact")


def parse_compare(mode: str) -> tuple[str, float]:
    """(mode, tolerance) of a ``compare`` value: ``tokens``, ``lines``, ``exact``
    or ``float:<eps>`` (numbers within an absolute or relative ``eps``, other
    tokens equal). ValueError with the accepted forms otherwise."""
    if mode in COMPARE_MODES:
        return mode, 0.0
    if mode.startswith("float:"):
        try:
            eps = float(mode[len("float:"):])
        except ValueError:
            eps = -1.0
        if math.isfinite(eps) and 0 <= eps < 1:
            return "float", eps
    raise ValueError(f"compare {mode!r} is not one of tokens, lines, exact, float:<eps> "
                     "(0 <= eps < 1, e.g. float:1e-6)")


class RunTest(BaseModel):
    """One test: the program's stdin and the expected stdout (judged by
    ``compare``, or given to the checker as the correct answer)."""

    __test__ = False  # not a pytest test class

    input: str = ""
    output: str = ""


def testset_id(tests: list[RunTest]) -> str:
    """The content address of a test set: sha256 of its canonical JSON."""
    canonical = json.dumps([[t.input, t.output] for t in tests], separators=(",", ":"),
                           ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", errors="surrogatepass")).hexdigest()


def tests_bytes(tests: list[RunTest]) -> int:
    return sum(len(t.input.encode()) + len(t.output.encode()) for t in tests)


class CheckerSpec(BaseModel):
    """A checker sent with the run, compiled and run in the sandbox like the
    submission (it is the client's code, not the judge's).

    ``testlib``: called ``checker input output answer``; exit code 0 accepts,
    1 (WA) and 2 (PE) reject, anything else is a checker failure (SE).
    ``cms``: called ``checker input answer output``; prints a score in [0, 1]
    on its first stdout line (the CMS/IOI convention, ``judge.grading.checking``)."""

    source: str = Field(min_length=1)
    language: str = Field("cpp17", description="cpp17, cpp20, python3, ...")
    protocol: Literal["testlib", "cms"] = "testlib"
    files: dict[str, str] = Field(
        default_factory=dict, description="Headers it includes, by file name (testlib.h).")


class RunRequest(BaseModel):
    """Judge ``source`` on ``tests`` (or the uploaded test set ``testset``)."""

    language: str = Field(description="A language name or alias (GET /v1/languages).")
    source: str
    tests: list[RunTest] | None = Field(None, description="The tests, inline.")
    testset: str | None = Field(None, pattern=TESTSET_ID_PATTERN,
                                description="Id of a test set from POST /v1/testsets.")
    time_limit: float = Field(1.0, gt=0, le=60, description="CPU seconds per test.")
    memory_limit: int = Field(256, ge=1, le=8192, description="MiB per test.")
    compare: str = Field("tokens", description="tokens | lines | exact | float:<eps>")
    checker: CheckerSpec | None = Field(None, description="Judge by this checker instead.")
    stop_on_failure: bool = Field(False, description="Skip the tests after the first failure.")
    priority: Priority = "interactive"

    @field_validator("compare")
    @classmethod
    def _compare(cls, value: str) -> str:
        parse_compare(value)
        return value

    @model_validator(mode="after")
    def _one_test_source(self) -> RunRequest:
        if (self.tests is None) == (self.testset is None):
            raise ValueError("give either tests (inline) or testset (an id), not both or neither")
        if self.tests is not None and not self.tests:
            raise ValueError("tests is empty: a run needs at least one test")
        return self


class RunBatchRequest(BaseModel):
    runs: list[RunRequest]


class RunBatchAccepted(BaseModel):
    ids: list[str]


class RunTestResult(BaseModel):
    __test__ = False

    status: Verdict
    cpu_time: float = 0.0
    wall_time: float = 0.0
    memory: int = Field(0, description="Peak bytes.")
    message: str = ""


class RunResult(BaseModel):
    """``verdict``: AC when every test passed, else the first failed test's
    status (CE, or SE for a judge-side failure such as a checker that does not
    compile)."""

    verdict: Verdict
    passed: int
    total: int
    compile: CompileInfo
    tests: list[RunTestResult] = Field(default_factory=list)


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    ERROR = "error"

    @property
    def finished(self) -> bool:
        return self in (RunStatus.DONE, RunStatus.ERROR)


class RunView(BaseModel):
    id: str
    status: RunStatus
    result: RunResult | None = None
    error: str | None = Field(None, description="Why judging failed (status error).")


class TestsetRequest(BaseModel):
    __test__ = False

    tests: list[RunTest] = Field(min_length=1)


class TestsetInfo(BaseModel):
    __test__ = False

    id: str
    tests: int
    bytes: int
