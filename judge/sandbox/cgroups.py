"""Which cgroup hierarchy the sandbox can use, detected once at start-up.

* cgroup v1 (separate ``memory``, ``pids`` and ``cpuacct`` hierarchies):
  ``<mount>/ioi-judge/<key>/slot<N>``, where ``<key>`` names the box root
  (slots are exclusive per box root, so two box roots on one host must not
  share slot cgroups). They hang off the hierarchy's root, not off the judge's
  own cgroup: slot cgroups live on after the judge and would keep whatever
  supervises the judge (systemd, a container runtime) from removing its cgroup.
  In a container with a cgroup namespace, the root is the container's own.
* cgroup v2 (one unified hierarchy with the ``memory`` and ``pids``
  controllers): ``<mount>/ioi-judge/<key>`` with both controllers enabled for its
  children, the judge's own subtree with no process in its inner nodes (in a
  container, whose cgroup namespace root holds the container's processes, those
  move to ``<mount>/init`` first); the launcher makes a fresh leaf ``slot<N>-run<K>`` per run (so
  ``memory.peak`` and ``memory.events`` start at zero on every kernel) and
  removes it afterwards.
* none writable: the launcher falls back to rlimits and rusage (degraded).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

CgroupMode = Literal["v1", "v2", "none"]
V1_CONTROLLERS = ("memory", "pids", "cpuacct")
GROUP = "ioi-judge"
INIT = "init"  # where a cgroup namespace root's own processes move (see _delegate)


@dataclass(frozen=True)
class CgroupSetup:
    """The detected hierarchy: ``bases`` are the parents of the slot cgroups."""

    mode: CgroupMode
    bases: dict[str, Path] = field(default_factory=dict)
    reason: str = ""

    def prepare_slot(self, slot: int) -> None:
        """Make the slot's cgroups (v1; on v2 the launcher makes a leaf per run)."""
        if self.mode == "v1":
            for base in self.bases.values():
                (base / f"slot{slot}").mkdir(parents=True, exist_ok=True)

    def launcher_args(self) -> list[str]:
        if self.mode == "v1":
            return [
                "--cgroup", "v1",
                "--cg-memory", str(self.bases["memory"]),
                "--cg-pids", str(self.bases["pids"]),
                "--cg-cpu", str(self.bases["cpuacct"]),
            ]  # fmt: skip
        if self.mode == "v2":
            return ["--cgroup", "v2", "--cg-base", str(self.bases["unified"])]
        return ["--cgroup", "none"]


def _mounts() -> list[tuple[str, str, set[str]]]:
    """(mount point, fs type, options) of the cgroup file systems."""
    found = []
    for line in Path("/proc/self/mounts").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[2] in ("cgroup", "cgroup2"):
            found.append((parts[1], parts[2], set(parts[3].split(","))))
    return found


def _detect_v1(mounts: list[tuple[str, str, set[str]]], key: str) -> CgroupSetup | None:
    bases: dict[str, Path] = {}
    for ctrl in V1_CONTROLLERS:
        mount = next((m for m, t, o in mounts if t == "cgroup" and ctrl in o), None)
        if mount is None:
            return None
        base = Path(mount) / GROUP / key
        base.mkdir(parents=True, exist_ok=True)
        bases[ctrl] = base
    return CgroupSetup("v1", bases)


def _detect_v2(mounts: list[tuple[str, str, set[str]]], key: str) -> CgroupSetup | None:
    for mount, fstype, _ in mounts:
        if fstype != "cgroup2":
            continue
        root = Path(mount)
        available = set((root / "cgroup.controllers").read_text().split())
        if not {"memory", "pids"} <= available:
            continue
        _delegate(root)
        base = root
        for part in (GROUP, key):
            base = base / part
            base.mkdir(exist_ok=True)
            (base / "cgroup.subtree_control").write_text("+memory +pids")
        return CgroupSetup("v2", {"unified": base})
    return None


def _delegate(root: Path) -> None:
    """Enable ``memory`` and ``pids`` below ``root``. A container's cgroup
    namespace root holds the container's own processes, and v2 lets a cgroup
    other than the host's root delegate controllers only with no process in it
    (EBUSY): then its processes move to a leaf of their own, ``root/INIT``, as
    a container's init would (docker's dind does the same)."""
    control = root / "cgroup.subtree_control"
    try:
        control.write_text("+memory +pids")
        return
    except OSError as exc:
        if exc.errno != errno.EBUSY:
            raise
    leaf = root / INIT
    leaf.mkdir(exist_ok=True)
    for _ in range(10):  # a process may fork while the others move
        pids = (root / "cgroup.procs").read_text().split()
        if not pids:
            break
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                (leaf / "cgroup.procs").write_text(pid)
    control.write_text("+memory +pids")


def detect(key: str, allow: bool = True) -> CgroupSetup:
    """Find a writable hierarchy; ``allow=False`` forces the degraded mode."""
    if not allow:
        return CgroupSetup("none", reason="cgroups disabled by configuration")
    if os.geteuid() != 0:
        return CgroupSetup("none", reason="not running as root")
    mounts = _mounts()
    errors = []
    for finder in (_detect_v1, _detect_v2):
        try:
            found = finder(mounts, key)
        except OSError as exc:
            errors.append(f"{finder.__name__[8:]}: {exc}")
            continue
        if found is not None:
            return found
    return CgroupSetup("none", reason="no writable cgroup hierarchy " + "; ".join(errors))


def for_box_root(box_root: Path, allow: bool = True) -> CgroupSetup:
    """The hierarchy of the sandboxes over ``box_root``: their slot cgroups are
    named after it (a digest of its absolute path), see the module's docstring."""
    key = hashlib.sha256(str(box_root.absolute()).encode()).hexdigest()[:12]
    return detect(key, allow)
