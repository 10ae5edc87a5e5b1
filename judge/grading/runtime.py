"""Builds the per-process judging machinery (sandbox, compiler) from settings.

Entry points (CLI commands, the worker, rescoring processes) call
:func:`judge_env` once and pass the resulting :class:`JudgeEnv` down."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from judge.grading.tasktypes.base import JudgeEnv
from judge.languages import Compiler
from judge.sandbox import Sandbox
from judge.settings import Settings


@contextlib.contextmanager
def judge_env(settings: Settings) -> Iterator[JudgeEnv]:
    sandbox = Sandbox.from_settings(settings, ro_mounts=Compiler.sandbox_mounts(settings))
    try:
        yield JudgeEnv(settings=settings, sandbox=sandbox, compiler=Compiler(settings, sandbox))
    finally:
        sandbox.close()
