"""Precompiled ``bits/stdc++.h``, one per toolchain and flag set.

Layout under ``<cache_dir>/pch`` (mounted read-only at ``/pch`` in every box)::

    <key>/bits/stdc++.h.gch

A compile adds ``-I/pch/<key>`` first, so ``#include <bits/stdc++.h>`` finds
the ``.gch`` and g++ loads it instead of parsing the header; if it cannot use
it (flags differ), ``-Winvalid-pch`` says so and g++ falls back to the real
header, so the verdict never depends on the PCH. The header is trusted input
(the system's libstdc++), so the PCH is built outside the sandbox with the
host compiler of the language (:mod:`judge.languages.pch_build`).
"""

from __future__ import annotations

import contextlib
import functools
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
from judge.languages.pch_build import HEADER, PchError, build_pch
from judge.languages.task_pch import build_task_pch, evict_task_pchs

log = logging.getLogger(__name__)

MOUNT = "/pch"
TASK_PREFIX = "task-"


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
                build = functools.partial(build_pch, compiler=lang.compiler, flags=flags)
                self._build_once(key, HEADER + ".gch", build)
            except (PchError, OSError, subprocess.SubprocessError) as exc:
                log.warning("precompiled header for %s unavailable: %s", lang.name, exc)
                self._failed.add(key)
                return None
        return f"{MOUNT}/{key}"

    def task_header(self, lang: Language, toolchain: str, name: str, data: bytes) -> str | None:
        """``/pch/task-<key>/<name>.gch`` for solutions opening with the task
        header and then bits/stdc++.h (see :mod:`judge.languages.task_pch`)."""
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
                build = functools.partial(
                    build_task_pch, compiler=lang.compiler, flags=flags, name=name, data=data
                )
                self._build_once(key, f"{name}.gch", build)
                evict_task_pchs(self.root, TASK_PREFIX)
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

