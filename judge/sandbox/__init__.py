"""Running untrusted programs: seccomp, namespaces, cgroups (v1/v2) or degraded rlimits.

Public API (see ``docs/sandbox.md``)::

    sb = Sandbox.from_settings(settings)
    with sb.box() as box:
        (box.path / "a.py").write_text("print(1)")
        res = box.run(RunSpec(argv=["/usr/bin/python3", "a.py"], stdout=box.path / "out"))
    sb.close()
"""

from __future__ import annotations

from judge.sandbox.models import Limits, RunResult, RunSpec, RunStatus
from judge.sandbox.sandbox import Box, RunHandle, Sandbox

__all__ = ["Box", "Limits", "RunHandle", "RunResult", "RunSpec", "RunStatus", "Sandbox"]
