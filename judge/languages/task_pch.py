"""Precompiled task headers, for solutions that include the task header first.

g++ uses a PCH only for the first include of a file, so the common

    #include "machine.h"
    #include <bits/stdc++.h>

cannot use the ``bits/stdc++.h`` PCH. For exactly that opening (blank lines
and comments aside) the compile box gets ``machine.h.gch``, a symlink to a PCH
of ``#include "machine.h"`` followed by ``#include <bits/stdc++.h>``: the state
after those two lines is the same as without it, so is the program (the tests
compare binaries). The grader/stub, which includes the header too, must then
be linked from its cached object, never compiled next to that symlink.

The task header is the problem's (trusted) file, so the PCH is built outside
the sandbox like the ``bits/stdc++.h`` one. Each is about 100 MB, so only the
``KEEP`` most recently used are kept. If one disappears while a compile
starts, the symlink dangles and g++ reads the header itself: slower, same result.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from judge.languages.pch_build import HEADER, PROBE_NAME, PchError, run_host

KEEP = 8
_SOURCE_DIR = ".src"
_INCLUDE = re.compile(rb'#\s*include\s*([<"])([^<>"]+)[>"]\s*(//.*)?')


def header_first(source: bytes, headers: Iterable[str]) -> str | None:
    """The task header ``H`` if the source opens with ``#include "H"`` and then
    ``#include <bits/stdc++.h>``, else None."""
    found = leading_includes(source, 2)
    if len(found) == 2 and found[1] == ("<", HEADER):
        kind, name = found[0]
        if kind == '"' and name in set(headers):
            return name
    return None


def leading_includes(source: bytes, count: int) -> list[tuple[str, str]]:
    """The first ``count`` lines of the source that are not blank or comments,
    as (``<`` or ``"``, name) while they are plain include lines."""
    found: list[tuple[str, str]] = []
    for raw in source.splitlines():
        line = raw.strip()
        if not line or line.startswith(b"//") or _one_line_comment(line):
            continue
        match = _INCLUDE.fullmatch(line)
        if match is None or len(found) == count:
            break
        found.append((match.group(1).decode(), match.group(2).decode(errors="replace")))
    return found


def _one_line_comment(line: bytes) -> bool:
    return line.startswith(b"/*") and line.endswith(b"*/") and line.count(b"*/") == 1


def build_task_pch(target: Path, compiler: str, flags: list[str], name: str, data: bytes) -> None:
    """Build ``target/<name>.gch`` for the opening ``#include "name"`` +
    ``#include <bits/stdc++.h>`` and check that ``compiler`` uses it."""
    src = target / _SOURCE_DIR
    src.mkdir()
    (src / name).write_bytes(data)
    (src / "combined.h").write_text(f'#include "{name}"\n#include <{HEADER}>\n')
    gch = target / f"{name}.gch"
    run_host([compiler, *flags, "-x", "c++-header", str(src / "combined.h"), "-o", str(gch)])
    gch.chmod(0o644)
    (src / f"{name}.gch").symlink_to(gch)
    probe = src / PROBE_NAME
    probe.write_text(f'#include "{name}"\n#include <{HEADER}>\nint main() {{ return 0; }}\n')
    out = run_host([compiler, "-H", "-Winvalid-pch", *flags, "-c", str(probe), "-o", os.devnull])
    shutil.rmtree(src)
    first = out.splitlines()[0] if out else ""
    if first != f"! {src}/{name}.gch":
        raise PchError(f"{compiler} does not use the task header PCH: {out[:500]}")


def evict_task_pchs(root: Path, prefix: str, keep: int = KEEP) -> None:
    """Remove all but the ``keep`` most recently used task header PCHs."""
    dirs = []
    for entry in root.glob(prefix + "*"):
        try:
            dirs.append((entry.stat().st_mtime, entry))
        except OSError:
            continue
    for _, entry in sorted(dirs, reverse=True)[keep:]:
        trash = entry.with_name(f".trash-{entry.name}-{os.getpid()}")
        try:
            os.rename(entry, trash)
        except OSError:
            continue
        shutil.rmtree(trash, ignore_errors=True)
