"""Building the C launcher from its shipped source, ``graders/launcher/launcher.c``.

It is compiled on first use into ``<cache>/launcher/<sha of source>/launcher``
(atomic rename, so concurrent processes may race harmlessly); a changed source
gets a binary of its own.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from pathlib import Path

from judge import shipped
from judge.sandbox.protocol import LauncherError

SOURCE = "launcher/launcher.c"


def build(cache_dir: Path) -> Path:
    """The launcher binary for the current source, compiled if missing."""
    try:
        path = shipped.source(SOURCE)
    except FileNotFoundError as exc:
        raise LauncherError(str(exc)) from None
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    target = cache_dir / "launcher" / digest / "launcher"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".build-")
    os.close(fd)
    cmd = ["gcc", "-O2", "-Wall", "-o", tmp, str(path)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        os.unlink(tmp)
        raise LauncherError(f"cannot compile the sandbox launcher: {done.stderr.strip()}")
    os.chmod(tmp, 0o755)
    os.replace(tmp, target)
    return target
