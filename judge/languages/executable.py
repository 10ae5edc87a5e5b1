"""How to run a compiled program in a box.

An :class:`Executable` is what a compile produced, in a form any task type can
start: a native binary exec'd from its host path (``RunSpec.executable``, no
copy into the box), or script files copied into the box and an interpreter
command line. Both come out of :meth:`Executable.run_spec` as a ``RunSpec``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from judge.sandbox.models import Limits, RunSpec


class BoxLike(Protocol):
    """What an executable needs of a sandbox box: its host directory."""

    @property
    def path(self) -> Path: ...


@dataclass(frozen=True)
class Executable:
    """A runnable program.

    ``argv`` is the command as seen in the box (user arguments are appended);
    ``binary`` the host path exec'd for native programs; ``files`` maps names
    in the box to host files copied there first (scripts); ``entry`` is the
    compile cache entry, marked as used whenever the program is started so that
    the cache does not evict a program in use."""

    argv: tuple[str, ...]
    binary: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    entry: Path | None = None

    def prepare(self, box: BoxLike) -> None:
        """Put the program's files into the box (idempotent)."""
        for name, host in self.files.items():
            target = box.path / name
            if not target.exists():
                shutil.copyfile(host, target)
                os.chmod(target, 0o644)
        if self.entry is not None:
            with contextlib.suppress(OSError):
                os.utime(self.entry)

    def run_spec(
        self,
        box: BoxLike,
        args: list[str] | tuple[str, ...] = (),
        limits: Limits | None = None,
        stdin: Path | None = None,
        stdout: Path | None = None,
        stderr: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> RunSpec:
        """Prepare the box and describe one run of the program with ``args``."""
        self.prepare(box)
        return RunSpec(
            argv=[*self.argv, *args],
            executable=self.binary,
            limits=limits if limits is not None else Limits(),
            stdin=stdin,
            stdout=stdout,
            stderr=stderr,
            env=env or {},
        )
