"""Precompiled ``bits/stdc++.h``, one per toolchain and flag set.

Layout under ``<cache_dir>/pch`` (mounted read-only at ``/pch`` in every box)::

    <key>/bits/stdc++.h.gch

A compile adds ``-I/pch/<key>`` first, so ``#include <bits/stdc++.h>`` finds
the ``.gch`` and g++ loads it instead of parsing the header; if it cannot use
it (flags differ), ``-Winvalid-pch`` says so and g++ falls back to the real
header, so the verdict never depends on the PCH. The header is trusted input
(the system's libstdc++), so the PCH is built outside the sandbox with the
host g++; it is checked with ``-H`` before it is published.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from judge.languages.base import Language
from judge.languages.cache import file_lock
from judge.languages.cpp import GXX

log = logging.getLogger(__name__)

MOUNT = "/pch"
TASK_PREFIX = "task-"
HEADER = "bits/stdc++.h"
_BUILD_TIMEOUT = 600.0
PROBE_NAME = "pch_probe.cpp"
PROBE_SOURCE = f"#include <{HEADER}>\nint main() {{ return 0; }}\n"


class PchError(RuntimeError):
    pass


class PchStore:
    def __init__(self, root: Path) -> None:
        self.root = root.absolute()  # symlinks and -I paths must not depend on the cwd
        self._tmp = self.root / ".tmp"
        self._failed: set[str] = set()

    def include_dir(self, lang: Language, toolchain: str) -> str | None:
        """``/pch/<key>`` for ``lang`` (building the PCH on first use), or None
        if the language has no PCH or it cannot be built."""
        flags = lang.pch_flags()
        if flags is None:
            return None
        key = hashlib.sha256("\0".join([toolchain, *flags]).encode()).hexdigest()[:16]
        if key in self._failed:
            return None
        if not (self.root / key / (HEADER + ".gch")).is_file():
            try:
                self._build_once(key, HEADER + ".gch", lambda d: build_pch(d, flags))
            except (PchError, OSError, subprocess.SubprocessError) as exc:
                log.warning("precompiled header for %s unavailable: %s", lang.name, exc)
                self._failed.add(key)
                return None
        return f"{MOUNT}/{key}"

    def task_header(self, lang: Language, toolchain: str, name: str, data: bytes) -> str | None:
        """``/pch/task-<key>/<name>.gch`` for solutions opening with the task
        header and then bits/stdc++.h (see :mod:`judge.languages.task_pch`)."""
        from judge.languages import task_pch

        flags = lang.pch_flags()
        if flags is None:
            return None
        parts = [toolchain, *flags, "task", name]
        digest = hashlib.sha256("\0".join(parts).encode() + b"\0" + data).hexdigest()[:16]
        key = f"{TASK_PREFIX}{digest}"
        if key in self._failed:
            return None
        if not (self.root / key / f"{name}.gch").is_file():
            try:
                self._build_once(
                    key, f"{name}.gch", lambda d: task_pch.build_task_pch(d, flags, name, data)
                )
                task_pch.evict_task_pchs(self.root, TASK_PREFIX)
            except (PchError, OSError, subprocess.SubprocessError) as exc:
                log.warning("task header PCH of %s unavailable: %s", name, exc)
                self._failed.add(key)
                return None
        with contextlib.suppress(OSError):
            os.utime(self.root / key)
        return f"{MOUNT}/{key}/{name}.gch"

    def _build_once(self, key: str, marker: str, build: Callable[[Path], None]) -> None:
        self._tmp.mkdir(parents=True, exist_ok=True)
        with file_lock(self._tmp / f"{key}.lock"):
            if (self.root / key / marker).is_file():
                return
            stage = Path(tempfile.mkdtemp(prefix="pch-", dir=self._tmp))
            os.chmod(stage, 0o755)  # compilers in the box run as an unprivileged user
            try:
                build(stage)
                os.rename(stage, self.root / key)
            finally:
                shutil.rmtree(stage, ignore_errors=True)


def build_pch(target: Path, flags: list[str]) -> None:
    """Build ``target/bits/stdc++.h.gch`` with ``flags`` and check g++ uses it."""
    header = _locate_header(flags)
    gch = target / (HEADER + ".gch")
    gch.parent.mkdir(parents=True, exist_ok=True)
    run_trusted([GXX, *flags, "-x", "c++-header", str(header), "-o", str(gch)])
    gch.parent.chmod(0o755)
    gch.chmod(0o644)
    probe = target / PROBE_NAME
    probe.write_text(PROBE_SOURCE)
    argv = [GXX, f"-I{target}", "-H", "-Winvalid-pch", *flags, "-c", str(probe), "-o", os.devnull]
    out = run_trusted(argv)
    probe.unlink()
    if not probe_used(str(target), out):
        raise PchError(f"g++ does not use the precompiled header: {out[:500]}")


def probe_argv(flags: list[str], include_dir: str) -> list[str]:
    """A compile of :data:`PROBE_SOURCE` (in the box) that prints, with ``-H``,
    whether g++ loads the PCH in ``include_dir``."""
    return [GXX, f"-I{include_dir}", "-H", "-Winvalid-pch", *flags, "-c", PROBE_NAME,
            "-o", "probe.o"]  # fmt: skip


def probe_used(include_dir: str, stderr: str) -> bool:
    """Whether ``g++ -H`` output shows the PCH of ``include_dir`` was loaded."""
    lines = stderr.splitlines()
    return bool(lines) and lines[0] == f"! {include_dir}/{HEADER}.gch"


def _locate_header(flags: list[str]) -> Path:
    """The path of the system's bits/stdc++.h for these flags, from ``g++ -H``."""
    out = run_trusted(
        [GXX, *flags, "-x", "c++", "-E", "-H", "-", "-o", os.devnull],
        stdin=f"#include <{HEADER}>\n",
    )
    for line in out.splitlines():
        if line.startswith(". ") and line.endswith(HEADER):
            return Path(line[2:])
    raise PchError(f"cannot locate {HEADER}: {out[:500]}")


def run_trusted(argv: list[str], stdin: str = "") -> str:
    """Run a trusted host command; its stderr, or PchError on failure."""
    proc = subprocess.run(
        argv, input=stdin, capture_output=True, text=True, timeout=_BUILD_TIMEOUT, check=False
    )
    if proc.returncode != 0:
        raise PchError(f"{' '.join(argv[:3])}... failed: {proc.stderr[-2000:]}")
    return proc.stderr
