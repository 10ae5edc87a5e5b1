"""Which cgroup hierarchy the sandbox can use, detected once at start-up.

* cgroup v1 (separate ``memory``, ``pids`` and ``cpuacct`` hierarchies):
  ``<mount>/ioi-judge/<identity>/slot<N>``, where ``<identity>`` is the
  sandbox's own (:mod:`judge.sandbox.identity`: slot numbers are exclusive per
  box root and container only, so two sandboxes must never share slot
  cgroups). They hang off the hierarchy's root, not off the judge's own cgroup:
  the judge's cgroup may not take children (cgroup v2 allows no processes in
  inner nodes), and slot cgroups left behind would keep whatever supervises the
  judge (systemd, a container runtime) from removing its cgroup. In a container
  with a cgroup namespace, the root is the container's own.
* cgroup v2 (one unified hierarchy with the ``memory`` and ``pids``
  controllers): ``<mount>/ioi-judge/<identity>`` with both controllers enabled
  for its children, the judge's own subtree with no process in its inner nodes (in a
  container, whose cgroup namespace root holds the container's processes, those
  move to ``<mount>/init`` first); the launcher makes a fresh leaf ``slot<N>-run<K>`` per run (so
  ``memory.peak`` and ``memory.events`` start at zero on every kernel) and
  removes it afterwards.
* none writable: the launcher falls back to rlimits and rusage (degraded).

A sandbox removes its cgroups when it closes (:meth:`CgroupSetup.remove`);
those of judge processes that died without closing are reaped by the next
sandbox that starts in the same pid namespace (:func:`reap_stale`).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from judge.sandbox.identity import Identity

log = logging.getLogger(__name__)

CgroupMode = Literal["v1", "v2", "none"]
V1_CONTROLLERS = ("memory", "pids", "cpuacct")
GROUP = "ioi-judge"
V2_CONTROLLERS = "+memory +pids"
RMDIR_TRIES = 50  # x 20 ms: processes killed a moment ago may still be exiting
INIT = "init"  # where a cgroup namespace root's own processes move (see _delegate)


@dataclass(frozen=True)
class CgroupSetup:
    """The detected hierarchy: ``bases`` are the parents of the slot cgroups."""

    mode: CgroupMode
    bases: dict[str, Path] = field(default_factory=dict)
    reason: str = ""

    def ensure(self) -> None:
        """(Re)make the parents of the slot cgroups (after :meth:`remove`)."""
        for base in self.bases.values():
            if self.mode == "v2":
                _make_v2(base)
            else:
                base.mkdir(parents=True, exist_ok=True)

    def remove(self) -> tuple[int, int]:
        """Kill what is left in the slot cgroups and remove them; see :func:`remove_group`."""
        found = [remove_group(base, self.mode == "v2") for base in self.bases.values()]
        return sum(f[0] for f in found), sum(f[1] for f in found)

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
        reap_stale(Path(mount) / GROUP, v2=False)
        bases[ctrl] = Path(mount) / GROUP / key
    setup = CgroupSetup("v1", bases)
    setup.ensure()
    return setup


def _detect_v2(mounts: list[tuple[str, str, set[str]]], key: str) -> CgroupSetup | None:
    for mount, fstype, _ in mounts:
        if fstype != "cgroup2":
            continue
        root = Path(mount)
        available = set((root / "cgroup.controllers").read_text().split())
        if not {"memory", "pids"} <= available:
            continue
        _delegate(root)
        _make_v2(root / GROUP)
        reap_stale(root / GROUP, v2=True)
        setup = CgroupSetup("v2", {"unified": root / GROUP / key})
        setup.ensure()
        return setup
    return None


def _make_v2(path: Path) -> None:
    """An inner node whose children get the memory and pids controllers."""
    path.mkdir(exist_ok=True)
    (path / "cgroup.subtree_control").write_text(V2_CONTROLLERS)


def _delegate(root: Path) -> None:
    """Enable ``memory`` and ``pids`` below ``root``. A container's cgroup
    namespace root holds the container's own processes, and v2 lets a cgroup
    other than the host's root delegate controllers only with no process in it
    (EBUSY): then its processes move to a leaf of their own, ``root/INIT``, as
    a container's init would (docker's dind does the same)."""
    control = root / "cgroup.subtree_control"
    try:
        control.write_text(V2_CONTROLLERS)
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
    control.write_text(V2_CONTROLLERS)


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


def groups() -> list[tuple[Path, bool]]:
    """Every sandbox's cgroup parent on this host, (path, is v2), from every hierarchy."""
    found = []
    for mount, fstype, options in _mounts():
        if fstype == "cgroup2" or set(V1_CONTROLLERS) & options:
            group = Path(mount) / GROUP
            children = sorted(p for p in group.iterdir() if p.is_dir()) if group.is_dir() else []
            found += [(child, fstype == "cgroup2") for child in children]
    return found


def reap_stale(group: Path, v2: bool) -> int:
    """Remove the cgroups of identities whose owner died (in this pid
    namespace); other names and other namespaces' identities are left alone."""
    reaped = 0
    for child in sorted(group.iterdir()) if group.is_dir() else []:
        owner = Identity.parse(child.name)
        if owner is None or owner.alive() is not False:
            continue
        processes, stuck = remove_group(child, v2)
        log.info("reaped the cgroups of %s (dead owner): %d processes, %d left",
                 child.name, processes, stuck)  # fmt: skip
        reaped += 1
    return reaped


def remove_group(base: Path, v2: bool) -> tuple[int, int]:
    """Kill the processes in ``base``'s child cgroups, remove them and ``base``:
    (processes found, cgroups that would not go)."""
    if not base.is_dir():
        return 0, 0
    processes = stuck = 0
    for child in sorted(p for p in base.iterdir() if p.is_dir()):
        processes += _kill_all(child, v2)
        stuck += not _rmdir(child)
    return processes, stuck + (not _rmdir(base))


def _kill_all(cgroup: Path, v2: bool) -> int:
    pids = [int(p) for p in (cgroup / "cgroup.procs").read_text().split()]
    if pids and v2 and (cgroup / "cgroup.kill").exists():
        (cgroup / "cgroup.kill").write_text("1")
    elif pids:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    return len(pids)


def _rmdir(path: Path) -> bool:
    for _ in range(RMDIR_TRIES):
        try:
            path.rmdir()
            return True
        except FileNotFoundError:
            return True
        except OSError:
            time.sleep(0.02)  # EBUSY while killed processes are exiting
    return False
