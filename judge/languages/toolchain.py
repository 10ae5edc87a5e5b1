"""Identifying the compiler/interpreter a cache entry or a PCH was built with."""

from __future__ import annotations

import functools
import subprocess


@functools.lru_cache(maxsize=16)
def toolchain_id(argv: tuple[str, ...]) -> str:
    """The version output of ``argv`` (e.g. ``g++ --version``), once per process."""
    try:
        proc = subprocess.run(list(argv), capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"unavailable: {exc}"
    return (proc.stdout + proc.stderr).strip()
