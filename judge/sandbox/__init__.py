"""Running untrusted programs: seccomp, namespaces, cgroups (v1/v2) or degraded rlimits.

Public API (see ``docs/sandbox.md``)::

    sb = Sandbox.from_settings(settings)
    with sb.box() as box:
        (box.path / "a.py").write_text("print(1)")
        res = box.run(RunSpec(argv=["/usr/bin/python3", "a.py"], stdout=box.path / "out"))
    sb.close()
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from judge.sandbox.models import Limits, RunResult, RunSpec, RunStatus
from judge.sandbox.sandbox import Box, RunHandle, Sandbox
from judge.settings import Settings

__all__ = ["Box", "Limits", "RunHandle", "RunResult", "RunSpec", "RunStatus", "Sandbox", "run"]


def run(
    argv: list[str],
    *,
    limits: Limits | None = None,
    files: Mapping[str, str | bytes] | None = None,
    stdin: Path | None = None,
    stdout: Path | None = None,
    executable: Path | None = None,
    settings: Settings | None = None,
) -> RunResult:
    """Run one command in a fresh box and return its result (one-shot convenience).

    ``files`` (name -> content) are written into the box first; ``stdin`` and
    ``stdout`` are host paths (the box is removed afterwards, so keep stdout
    outside it).
    """
    sandbox = Sandbox.from_settings(settings or Settings())
    try:
        with sandbox.box() as box:
            for name, content in (files or {}).items():
                target = box.path / name
                target.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(content, bytes):
                    target.write_bytes(content)
                else:
                    target.write_text(content)
            spec = RunSpec(
                argv=argv, limits=limits or Limits(), stdin=stdin, stdout=stdout,
                executable=executable,
            )  # fmt: skip
            return box.run(spec)
    finally:
        sandbox.close()
