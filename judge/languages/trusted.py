"""Compiling a problem's own programs (checker, manager).

They are trusted input, so they are compiled outside the sandbox with the host
compiler of their language (:meth:`Language.trusted_argv`), once per content
(in effect once per problem version), and kept under
``<cache_dir>/trusted/<key>/`` — a handful of small binaries per problem
version, not subject to the submission cache's eviction, so a checker can
never disappear while tests are being judged. A failed compile is cached too.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path, PurePosixPath

from judge.languages.base import Language
from judge.languages.cache import file_lock
from judge.languages.registry import language_for_file
from judge.languages.toolchain import toolchain_id
from judge.problems.model import TrustedProgram
from judge.problems.store import StoredProblem

_BINARY = "prog"
_TIMEOUT = 300.0
_ERROR = "error.txt"
_ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}


class TrustedCompileError(RuntimeError):
    """The problem's checker or manager does not compile."""


class TrustedCompiler:
    def __init__(self, root: Path) -> None:
        self.root = root.absolute()

    def compile(self, stored: StoredProblem, program: TrustedProgram) -> Path:
        """Host path of the compiled program; TrustedCompileError if it fails."""
        files = [program.source, *program.headers]
        for rel in files:
            _check_relative(rel)
        lang = _language(program)
        key = self._key(stored, files, lang, _argv(lang, program, _BINARY))
        entry = self.root / key
        if not (entry / _BINARY).is_file() and not (entry / _ERROR).is_file():
            self.root.mkdir(parents=True, exist_ok=True)
            with file_lock(self.root / f"{key}.lock"):
                if not entry.is_dir():
                    self._build(stored, program, lang, entry)
        if (entry / _ERROR).is_file():
            raise TrustedCompileError((entry / _ERROR).read_text(errors="replace"))
        return entry / _BINARY

    def _key(self, stored: StoredProblem, files: list[str], lang: Language, argv: list[str]) -> str:
        toolchain = toolchain_id(tuple(lang.toolchain_argv()))
        h = hashlib.sha256("\0".join([toolchain, *argv]).encode())
        for rel in files:
            data = stored.path(rel).read_bytes()
            h.update(f"\0{rel}\0{len(data)}\0".encode() + data)
        return h.hexdigest()[:32]

    def _build(
        self, stored: StoredProblem, program: TrustedProgram, lang: Language, entry: Path
    ) -> None:
        stage = Path(tempfile.mkdtemp(prefix=".stage-", dir=self.root))
        os.chmod(stage, 0o755)
        try:
            src = stage / "src"
            for rel in [program.source, *program.headers]:
                (src / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(stored.path(rel), src / rel)
            failed, output = _run(_argv(lang, program, str(stage / _BINARY)), src)
            if failed:
                (stage / _ERROR).write_text(output[-4000:])
            shutil.rmtree(src)
            os.rename(stage, entry)
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def _language(program: TrustedProgram) -> Language:
    """The language of the program's source, if it can compile trusted programs."""
    lang = language_for_file(program.source)
    if lang is None or not lang.compiles_trusted:
        raise TrustedCompileError(f"no language compiles the trusted program {program.source!r}")
    return lang


def _argv(lang: Language, program: TrustedProgram, output: str) -> list[str]:
    """The host compile of ``program`` to ``output``, run in the directory of its sources."""
    include = sorted({str(PurePosixPath(rel).parent) for rel in program.headers})
    argv = lang.trusted_argv(program.source, output, include)
    assert argv is not None  # checked by _language
    return argv


def _run(argv: list[str], cwd: Path) -> tuple[bool, str]:
    """(failed, compiler output) of a host compile in ``cwd``. The compiler's temporary
    files go to ``cwd`` too, so a worker killed mid-compile leaves nothing in /tmp."""
    env = {**_ENV, "TMPDIR": str(cwd)}
    try:
        proc = subprocess.run(
            argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return True, f"compilation took more than {_TIMEOUT:.0f} s"
    return proc.returncode != 0, proc.stderr


def _check_relative(rel: str) -> None:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts:
        raise TrustedCompileError(f"bad path in problem: {rel!r}")
