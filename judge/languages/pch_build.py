"""Building precompiled headers on the host, shared by the ``bits/stdc++.h``
PCH (:mod:`judge.languages.pch`) and the task header PCH
(:mod:`judge.languages.task_pch`).

The headers are trusted input (the system's libstdc++, the problem's own
header), so they are compiled outside the sandbox with the host compiler of the
language (``compiler``), and every PCH is checked with ``-H`` before it is
published: a PCH the compiler would not load is an error, not a silent slowdown.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from judge.languages.cpp import STDCPP_HEADER

HEADER = STDCPP_HEADER
PROBE_NAME = "pch_probe.cpp"
PROBE_SOURCE = f"#include <{HEADER}>\nint main() {{ return 0; }}\n"
_BUILD_TIMEOUT = 600.0


class PchError(RuntimeError):
    pass


def build_pch(target: Path, compiler: str, flags: list[str]) -> None:
    """Build ``target/bits/stdc++.h.gch`` with ``flags`` and check the compiler uses it."""
    header = _locate_header(compiler, flags)
    gch = target / (HEADER + ".gch")
    gch.parent.mkdir(parents=True, exist_ok=True)
    run_host([compiler, *flags, "-x", "c++-header", str(header), "-o", str(gch)])
    gch.parent.chmod(0o755)
    gch.chmod(0o644)
    probe = target / PROBE_NAME
    probe.write_text(PROBE_SOURCE)
    out = run_host(probe_argv(compiler, flags, str(target), str(probe), os.devnull))
    probe.unlink()
    if not probe_used(str(target), out):
        raise PchError(f"{compiler} does not use the precompiled header: {out[:500]}")


def probe_argv(
    compiler: str,
    flags: list[str],
    include_dir: str,
    probe: str = PROBE_NAME,
    output: str = "probe.o",
) -> list[str]:
    """A compile of :data:`PROBE_SOURCE` (by default in the box) that prints,
    with ``-H``, whether the compiler loads the PCH in ``include_dir``."""
    return [compiler, f"-I{include_dir}", "-H", "-Winvalid-pch", *flags, "-c", probe, "-o", output]


def probe_used(include_dir: str, stderr: str) -> bool:
    """Whether ``-H`` output shows the PCH of ``include_dir`` was loaded."""
    lines = stderr.splitlines()
    return bool(lines) and lines[0] == f"! {include_dir}/{HEADER}.gch"


def _locate_header(compiler: str, flags: list[str]) -> Path:
    """The path of the system's bits/stdc++.h for these flags, from ``-H``."""
    out = run_host(
        [compiler, *flags, "-x", "c++", "-E", "-H", "-", "-o", os.devnull],
        stdin=f"#include <{HEADER}>\n",
    )
    for line in out.splitlines():
        if line.startswith(". ") and line.endswith(HEADER):
            return Path(line[2:])
    raise PchError(f"cannot locate {HEADER}: {out[:500]}")


def run_host(argv: list[str], stdin: str = "") -> str:
    """Run a trusted host command; its stderr, or PchError on failure."""
    proc = subprocess.run(
        argv, input=stdin, capture_output=True, text=True, timeout=_BUILD_TIMEOUT, check=False
    )
    if proc.returncode != 0:
        raise PchError(f"{' '.join(argv[:3])}... failed: {proc.stderr[-2000:]}")
    return proc.stderr
