"""Compiling a problem's own programs (checker, manager).

They are trusted input, so they are compiled with the host g++ outside the
sandbox, once per content (in effect once per problem version), and kept under
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

from judge.languages.cache import file_lock
from judge.languages.cpp import GXX
from judge.problems.model import TrustedProgram
from judge.problems.store import StoredProblem

TRUSTED_FLAGS = ["-O2", "-std=gnu++17", "-pipe"]
_TIMEOUT = 300.0
_ERROR = "error.txt"
_ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}


class TrustedCompileError(RuntimeError):
    """The problem's checker or manager does not compile."""


class TrustedCompiler:
    def __init__(self, root: Path, toolchain: str) -> None:
        self.root = root.absolute()
        self.toolchain = toolchain

    def compile(self, stored: StoredProblem, program: TrustedProgram) -> Path:
        """Host path of the compiled program; TrustedCompileError if it fails."""
        files = [program.source, *program.headers]
        for rel in files:
            _check_relative(rel)
        key = self._key(stored, files)
        entry = self.root / key
        if not (entry / "prog").is_file() and not (entry / _ERROR).is_file():
            self.root.mkdir(parents=True, exist_ok=True)
            with file_lock(self.root / f"{key}.lock"):
                if not entry.is_dir():
                    self._build(stored, program, entry)
        if (entry / _ERROR).is_file():
            raise TrustedCompileError((entry / _ERROR).read_text(errors="replace"))
        return entry / "prog"

    def _key(self, stored: StoredProblem, files: list[str]) -> str:
        h = hashlib.sha256("\0".join([self.toolchain, *TRUSTED_FLAGS]).encode())
        for rel in files:
            data = stored.path(rel).read_bytes()
            h.update(f"\0{rel}\0{len(data)}\0".encode() + data)
        return h.hexdigest()[:32]

    def _build(self, stored: StoredProblem, program: TrustedProgram, entry: Path) -> None:
        stage = Path(tempfile.mkdtemp(prefix=".stage-", dir=self.root))
        os.chmod(stage, 0o755)
        try:
            src = stage / "src"
            for rel in [program.source, *program.headers]:
                (src / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(stored.path(rel), src / rel)
            include = sorted({str(PurePosixPath(rel).parent) for rel in program.headers})
            argv = [GXX, *TRUSTED_FLAGS, *(f"-I{d}" for d in include)]
            argv += ["-o", str(stage / "prog"), program.source]
            failed, output = _run(argv, src)
            if failed:
                (stage / _ERROR).write_text(output[-4000:])
            shutil.rmtree(src)
            os.rename(stage, entry)
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def _run(argv: list[str], cwd: Path) -> tuple[bool, str]:
    """(failed, compiler output) of a host compile in ``cwd``. g++'s temporary
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
