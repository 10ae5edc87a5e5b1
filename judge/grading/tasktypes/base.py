"""The task-type interface.

A task type says which languages it can judge for a problem (``accepts``),
turns a submission into a runnable form (``prepare``) and judges one test
(``run_test``). It composes the shared steps — compile
(:mod:`judge.languages`), run (:mod:`judge.sandbox`), check
(:mod:`judge.grading.tasktypes.steps`) — and knows nothing of subtasks or scoring,
which :mod:`judge.grading.evaluate` does for every task type alike.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, Field

from judge.languages import CompiledProgram, get_language
from judge.languages.registry import LANGUAGES
from judge.problems.model import Problem, TestCase, TrustedProgram
from judge.problems.store import StoredProblem
from judge.wire.results import CompileInfo, CompileStatus, TestResult

if TYPE_CHECKING:
    from judge.languages import Compiler, Language
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


@dataclass(frozen=True)
class Acceptance:
    """Whether a task type can judge a language for a problem; ``reason`` says
    why not, in words meant for the submitter."""

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


class BrokenProblem(Exception):
    """The problem package cannot judge anything (its checker does not compile)."""


class UnsupportedLanguage(ValueError):
    """The problem cannot be judged in the requested language."""


class TaskTypeBase(ABC):
    name: ClassVar[str]

    @classmethod
    def needs_grader(cls, problem: Problem) -> bool:
        """Whether a submission is compiled with the problem's grader (or stub)
        files for its language."""
        return False

    @classmethod
    def accepts(cls, problem: Problem, language: Language) -> Acceptance:
        """Whether a submission in ``language`` can be judged for ``problem``:
        one that needs a grader needs one in the language's family."""
        if not cls.needs_grader(problem) or language.family in problem.graders:
            return Acceptance(ok=True)
        have = ", ".join(n for n, lang in LANGUAGES.items() if lang.family in problem.graders)
        return Acceptance(
            ok=False,
            reason=f"problem {problem.id!r} has no {language.family} grader; "
            f"it can be solved in: {have or 'none'}",
        )

    @classmethod
    def language(cls, problem: Problem, name: str) -> Language:
        """The language ``name``, if this task type accepts it for ``problem``."""
        try:
            lang = get_language(name)
        except KeyError as exc:
            raise UnsupportedLanguage(str(exc.args[0]) if exc.args else str(exc)) from None
        answer = cls.accepts(problem, lang)
        if not answer:
            raise UnsupportedLanguage(answer.reason)
        return lang

    def __init__(self, env: JudgeEnv, stored: StoredProblem) -> None:
        self.env = env
        self.stored = stored
        self.problem = stored.problem

    def prepare(self, submission: Submission) -> Prepared:
        """Compile (or otherwise check) the submission once, before any test; a
        checker or manager that does not compile is a judge error (SE)."""
        try:
            return self.prepare_submission(submission)
        except BrokenProblem as exc:
            return Prepared(CompileInfo(status=CompileStatus.SE, message=str(exc)[:4000]))

    def prepare_submission(self, submission: Submission) -> Prepared:
        """By default: compile the submission, then :meth:`prepare_compiled`."""
        program = self.compile_submission(submission)
        if not program.info.ok:
            return Prepared(program.info)
        return self.prepare_compiled(program)

    def prepare_compiled(self, program: CompiledProgram) -> Prepared:
        """What the task type needs besides the compiled submission (a checker, a
        manager), compiled once too."""
        return Prepared(program.info, program)

    def compile_trusted(self, program: TrustedProgram, what: str) -> Path:
        """The problem's checker or manager (``what``), compiled once per content."""
        try:
            return self.env.compiler.compile_trusted(self.stored, program)
        except Exception as exc:  # a broken problem package is a judge error
            raise BrokenProblem(f"the problem's {what} does not compile: {exc}") from exc

    def compile_submission(self, submission: Submission) -> CompiledProgram:
        """Compile the source, with the problem's grader/stub files for its
        language when the task type needs them."""
        lang = self.language(self.problem, submission.language)
        extra: dict[str, bytes] = {}
        grader_sources: list[str] = []
        files = self.problem.graders.get(lang.family) if self.needs_grader(self.problem) else None
        if files is not None:
            for rel in files.sources + files.headers:
                extra[Path(rel).name] = self.stored.path(rel).read_bytes()
            grader_sources = [Path(rel).name for rel in files.sources]
        return self.env.compiler.compile(lang, submission.source, extra, grader_sources)

    @abstractmethod
    def run_test(self, prepared: Prepared, test: TestCase) -> TestResult:
        """Judge one test. Must not raise for anything the contestant did."""
