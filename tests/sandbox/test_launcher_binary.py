"""The launcher is built from its shipped source, ``graders/launcher/launcher.c``,
once per version of that source."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from judge import shipped
from judge.sandbox.launcher_binary import SOURCE, build


def test_built_from_the_shipped_source_once(tmp_path: Path) -> None:
    source = shipped.source(SOURCE)
    assert source.parent.parent.name == "graders"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    binary = build(tmp_path)
    assert binary == tmp_path / "launcher" / digest / "launcher"
    assert os.access(binary, os.X_OK)
    built_at = binary.stat().st_mtime_ns
    assert build(tmp_path) == binary and binary.stat().st_mtime_ns == built_at
