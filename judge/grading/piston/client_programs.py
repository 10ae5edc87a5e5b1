"""A compiler for checkers and managers that come in a request.

A problem's own checker and manager are trusted and compiled on the host
(:mod:`judge.languages.trusted`). A Piston client sends them with every request
(a submit token is enough), so here they are compiled like submissions: in the
sandbox, through the compile cache (one compile per content, shared by the
workers of a host). A Python checker is not compiled: its source is kept,
content-addressed, and run by python3 in a box (``steps.checker_command``)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from judge.languages import Compiler, TrustedCompileError, get_language
from judge.problems.model import TrustedProgram
from judge.problems.store import StoredProblem
from judge.sandbox import Sandbox
from judge.settings import Settings
from judge.wire.results import CompileStatus

CPP = "cpp17"


class ClientProgramsCompiler(Compiler):
    """A :class:`Compiler` whose ``compile_trusted`` does not trust the program.
    Checkers and managers compile with ``piston_program_compile_seconds`` of CPU
    time (twice that of wall time): a testlib manager takes far longer than a
    submission, whose limits stay the deployment's."""

    def __init__(self, settings: Settings, sandbox: Sandbox) -> None:
        super().__init__(settings, sandbox)
        seconds = settings.piston_program_compile_seconds
        generous = settings.model_copy(update={
            "compile_cpu_seconds": max(seconds, settings.compile_cpu_seconds),
            "compile_wall_seconds": max(2 * seconds, settings.compile_wall_seconds),
        })
        self.programs = Compiler(generous, sandbox)
        self.failure: str | None = None

    def reset(self) -> None:
        """Forget the last failure (before judging another request)."""
        self.failure = None

    def compile_trusted(self, stored: StoredProblem, program: TrustedProgram) -> Path:
        source = stored.path(program.source)
        if source.suffix == ".py":
            return self._script(source.read_bytes())
        if source.suffix not in (".cpp", ".cc"):
            raise TrustedCompileError(f"{program.source}: a checker or manager must be C++ "
                                      "(.cpp) or, for a checker, Python (.py)")
        headers = {Path(h).name: stored.path(h).read_bytes() for h in program.headers}
        compiled = self.programs.compile(get_language(CPP), source.read_text(errors="replace"),
                                         headers)
        if not compiled.info.ok:
            message = compiled.info.message or compiled.info.status.value
            if compiled.info.status is CompileStatus.CE:  # the program's fault, not ours
                self.failure = f"{program.source} does not compile: {message}"
            raise TrustedCompileError(message)
        binary = compiled.executable.binary
        if binary is None:
            raise TrustedCompileError(f"{program.source}: compiled to no binary")
        return binary

    def _script(self, data: bytes) -> Path:
        """The script stored once under its content hash."""
        folder = self.settings.cache_dir / "client-scripts"
        target = folder / f"{hashlib.sha256(data).hexdigest()[:32]}.py"
        if not target.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            staged = folder / f".{target.name}.{os.getpid()}"
            staged.write_bytes(data)
            os.chmod(staged, 0o644)
            os.replace(staged, target)
        return target
