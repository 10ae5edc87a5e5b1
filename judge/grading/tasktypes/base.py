"""The task-type interface.

A task type turns a submission into a runnable form (``compile``) and judges
one test (``evaluate``). It composes the shared steps — compile
(:mod:`judge.languages`), run (:mod:`judge.sandbox`), check
(:mod:`judge.grading.tasktypes.steps`) — and knows nothing of subtasks or scoring,
which :mod:`judge.grading.evaluate` does for every task type alike.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, Field

from judge.problems.model import TestCase
from judge.problems.store import StoredProblem
from judge.wire.results import CompileInfo, TestResult

if TYPE_CHECKING:
    from judge.languages import Compiler
    from judge.sandbox import Sandbox
    from judge.settings import Settings


class Submission(BaseModel):
    """What a contestant submits: a source in a language, or (OutputOnly) outputs."""

    language: str
    source: str = ""
    outputs: dict[str, str] = Field(
        default_factory=dict, description="OutputOnly: test name -> output file content."
    )


@dataclass
class JudgeEnv:
    """The per-process machinery every task type uses, built once at the entry point."""

    settings: Settings
    sandbox: Sandbox
    compiler: Compiler


@dataclass
class Prepared:
    """A compiled submission: the compile summary and what the task type needs to run it."""

    compile: CompileInfo
    payload: Any = None


class TaskTypeBase(ABC):
    name: ClassVar[str]

    def __init__(self, env: JudgeEnv, stored: StoredProblem) -> None:
        self.env = env
        self.stored = stored
        self.problem = stored.problem

    @abstractmethod
    def prepare(self, submission: Submission) -> Prepared:
        """Compile (or otherwise check) the submission once, before any test."""

    @abstractmethod
    def evaluate(self, prepared: Prepared, test: TestCase) -> TestResult:
        """Judge one test. Must not raise for anything the contestant did."""
