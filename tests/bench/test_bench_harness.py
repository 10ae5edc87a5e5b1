"""The harness hands API and worker child processes the caller's settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.harness import service_env, service_settings
from judge.settings import ArchiveLimits, Settings


def test_service_env_carries_every_setting(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    settings = service_settings("redis://127.0.0.1:1/0", tmp_path, box_root=tmp_path / "b",
                                heartbeat_seconds=1.5, compile_pch=False,
                                archive=ArchiveLimits(max_files=7))
    for name, value in service_env(settings).items():
        if name.startswith("JUDGE_"):
            monkeypatch.setenv(name, value)
    assert Settings(_env_file=None) == settings
