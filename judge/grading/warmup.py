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

import time
from pathlib import Path

from pydantic import BaseModel

from judge.grading.tasktypes.base import JudgeEnv
from judge.grading.tasktypes.registry import TASK_TYPES
from judge.languages.registry import DEFAULT_LANGUAGE, LANGUAGES
from judge.problems.store import StoredProblem


class WarmUp(BaseModel):
    problem: str
    version: str
    seconds: float
    ready: list[str] = []
    errors: list[str] = []


def warm_version(env: JudgeEnv, stored: StoredProblem) -> WarmUp:
    """Compile the version's trusted programs and grader objects (default
    language first); never raises for anything in the package."""
    started = time.monotonic()
    ready: list[str] = []
    errors: list[str] = []
    problem = stored.problem
    for what, program in (("checker", problem.checker), ("manager", problem.manager)):
        if program is None:
            continue
        try:
            env.compiler.compile_trusted(stored, program)
            ready.append(what)
        except Exception as exc:  # a broken package is reported, not raised
            errors.append(f"{what}: {_first_line(exc)}")
    try:
        ready += _warm_graders(env, stored)
    except Exception as exc:
        errors.append(f"graders: {_first_line(exc)}")
    return WarmUp(problem=problem.id, version=problem.version, ready=ready, errors=errors,
                  seconds=round(time.monotonic() - started, 3))


def _warm_graders(env: JudgeEnv, stored: StoredProblem) -> list[str]:
    problem = stored.problem
    task_type = TASK_TYPES.get(problem.task_type)
    if task_type is None or not task_type.needs_grader(problem):
        return []
    ready = []
    order = sorted(LANGUAGES.values(), key=lambda lang: lang.name != DEFAULT_LANGUAGE)
    for lang in order:
        files = problem.graders.get(lang.family)
        if files is None or not files.sources:
            continue
        extra = {Path(rel).name: stored.path(rel).read_bytes()
                 for rel in files.sources + files.headers}
        sources = [Path(rel).name for rel in files.sources]
        ready += [f"{lang.name} {name}" for name in env.compiler.warm_graders(lang, extra, sources)]
    return ready


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:300]
