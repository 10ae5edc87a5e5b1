"""Warming a problem version: compile what every submission of it needs (the
checker, the manager, the grader or stub objects) once, when the version is
published, so that its first submission does not wait for them.

Everything lands in the compile caches a submission looks in, under the same
keys and locks: a submission that arrives while a warm-up compiles waits for
that compile instead of starting its own. A package whose programs do not
compile is reported, never raised: its submissions get the same error (SE)
from the cached failure.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from judge.grading.tasktypes.base import JudgeEnv
from judge.grading.tasktypes.registry import TASK_TYPES
from judge.languages import Language
from judge.languages.registry import DEFAULT_LANGUAGE, LANGUAGES
from judge.problems.model import TrustedProgram
from judge.problems.store import StoredProblem


class WarmUp(BaseModel):
    problem: str
    version: str
    seconds: float
    ready: list[str] = []
    errors: list[str] = []


# The task header is the one the grader or stub includes (`#include "message.h"`);
# other headers of the folder (the manager's testlib.h) do not open submissions.
_QUOTED_INCLUDE = re.compile(rb'^\s*#\s*include\s*"([^"]+)"', re.M)


def warm_version(env: JudgeEnv, stored: StoredProblem) -> WarmUp:
    """Compile what the version's submissions need, in the order a first
    submission needs it: the default language's grader objects and task header
    PCH, the checker and manager, then the other languages' grader objects.
    Never raises for anything in the package."""
    started = time.monotonic()
    ready: list[str] = []
    errors: list[str] = []
    problem = stored.problem
    languages = sorted(LANGUAGES.values(), key=lambda lang: lang.name != DEFAULT_LANGUAGE)
    steps: list[tuple[str, Callable[[], list[str]]]] = []
    if languages:
        first = languages[0]
        steps.append((f"{first.name} graders", lambda: _graders(env, stored, first, True)))
    for what, program in (("checker", problem.checker), ("manager", problem.manager)):
        if program is not None:
            steps.append((what, functools.partial(_trusted, env, stored, program, what)))
    for lang in languages[1:]:
        steps.append((f"{lang.name} graders",
                      functools.partial(_graders, env, stored, lang, False)))
    for what, step in steps:
        try:
            ready += step()
        except Exception as exc:  # a broken package is reported, not raised
            errors.append(f"{what}: {_first_line(exc)}")
    return WarmUp(problem=problem.id, version=problem.version, ready=ready, errors=errors,
                  seconds=round(time.monotonic() - started, 3))


def _trusted(env: JudgeEnv, stored: StoredProblem, program: TrustedProgram,
             what: str) -> list[str]:
    env.compiler.compile_trusted(stored, program)
    return [what]


def _graders(env: JudgeEnv, stored: StoredProblem, lang: Language,
             task_headers: bool) -> list[str]:
    """The grader/stub objects of ``lang`` (and the PCHs of the task headers
    they include)."""
    problem = stored.problem
    task_type = TASK_TYPES.get(problem.task_type)
    files = problem.graders.get(lang.family)
    if task_type is None or not task_type.needs_grader(problem) or files is None:
        return []
    extra = {Path(rel).name: stored.path(rel).read_bytes()
             for rel in files.sources + files.headers}
    sources = [Path(rel).name for rel in files.sources]
    ready = [f"{lang.name} {name}" for name in env.compiler.warm_graders(lang, extra, sources)]
    if task_headers:
        included = {m.decode(errors="replace") for name in sources
                    for m in _QUOTED_INCLUDE.findall(extra[name])}
        headers = {n: d for n, d in extra.items() if n not in sources and n in included}
        ready += [f"{lang.name} {name} PCH"
                  for name in env.compiler.warm_task_headers(lang, headers)]
    return ready


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:300]
