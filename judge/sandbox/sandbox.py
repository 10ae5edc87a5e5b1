"""The sandbox: boxes (working directories on exclusive slots) and runs in them.

One :class:`Sandbox` per process. Its launcher (a small C program, see
``graders/launcher/launcher.c``) is started lazily on the first run and stopped by
:meth:`Sandbox.close`. Everything here is thread-safe: tests of one submission
run in parallel threads, each in its own box.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from judge.sandbox import cgroups
from judge.sandbox.client import LauncherClient, Pending
from judge.sandbox.cpus import CpuLease, CpuLeases
from judge.sandbox.identity import Identity
from judge.sandbox.launcher_binary import build
from judge.sandbox.models import RunResult, RunSpec, RunStatus
from judge.sandbox.protocol import LauncherError, Request
from judge.sandbox.seccomp_policy import write_bpf
from judge.sandbox.slots import SlotPool
from judge.sandbox.verdict import to_result
from judge.settings import Settings
from judge.wire.results import IsolationMode

log = logging.getLogger(__name__)

INSIDE_BOXES = "/box"
PATH = "/usr/local/bin:/usr/bin:/bin"
SLOTS = 256  # boxes that can be open at once (default of Settings.sandbox_slots)
UID_BASE = 60000  # box N runs as uid UID_BASE + N (default)
ANSWER_SLACK = 30.0  # seconds past the wall limit before we stop waiting for the launcher


def degradation(setup: cgroups.CgroupSetup, privileged: bool) -> str | None:
    """Why runs are isolated less than configured, or None."""
    reasons = []
    if setup.mode == "none":
        reasons.append(f"{setup.reason}; memory by RLIMIT_AS, CPU by rusage")
    if not privileged:
        reasons.append("not root: no namespaces, no uid switch, no chroot")
    return "; ".join(reasons) or None


def mode_of(setup: cgroups.CgroupSetup, privileged: bool) -> IsolationMode:
    if setup.mode == "none" or not privileged:
        return "rlimits"
    return "cgroup-v1" if setup.mode == "v1" else "cgroup-v2"


def probe_isolation(settings: Settings) -> tuple[IsolationMode, str | None]:
    """(mode, why degraded or None) that a sandbox of ``settings`` would have on
    this host, without starting one (``ioi-judge up`` says it before anything)."""
    setup = cgroups.detect(Identity.new().name, settings.sandbox_cgroups)
    setup.remove()  # detecting made the probe's (empty) cgroups
    privileged = os.geteuid() == 0
    return mode_of(setup, privileged), degradation(setup, privileged)


class RunHandle:
    """A started run: :meth:`wait` for its result or :meth:`kill` it (the result
    then has ``killed_by_judge``, unless a limit or an exit came first)."""

    def __init__(
        self,
        spec: RunSpec,
        degraded: str | None,
        pending: Pending | None,
        error: str,
        box: Path | None = None,
        lease: CpuLease | None = None,
    ) -> None:
        self.spec = spec
        self._box = box
        self._lease = lease  # released with the result (a run's own CPU lease)
        self._degraded = degraded
        self._pending = pending
        self._error = error
        self._result: RunResult | None = None

    @property
    def done(self) -> bool:
        return self._result is not None or self._pending is None or self._pending.done

    def kill(self) -> None:
        if self._pending is not None:
            self._pending.kill()

    def wait(self, timeout: float | None = None) -> RunResult | None:
        """The result, or None if ``timeout`` seconds passed first."""
        result = self._wait(timeout)
        if result is not None and self._lease is not None:
            self._lease.release()
        return result

    def _wait(self, timeout: float | None) -> RunResult | None:
        if self._result is not None:
            return self._result
        if self._pending is None:
            self._result = self._failure(self._error)
            return self._result
        limit = self.spec.limits.wall_time + ANSWER_SLACK
        try:
            raw = self._pending.wait(limit if timeout is None else min(timeout, limit))
        except LauncherError as exc:
            self._result = self._failure(str(exc))
            return self._result
        if raw is None:
            if timeout is not None and timeout < limit:
                return None
            self.kill()
            self._result = self._failure("the sandbox launcher did not answer")
            return self._result
        self._result = to_result(raw, self.spec, self._degraded, self._box)
        return self._result

    def result(self) -> RunResult:
        result = self.wait()
        assert result is not None
        return result

    def _failure(self, message: str) -> RunResult:
        return RunResult(status=RunStatus.SE, message=message, degraded=self._degraded)


class Box:
    """A fresh, empty working directory on an exclusive slot.

    ``path`` is the host path; inside the sandbox the box is the working
    directory (``/box/b<slot>``) and the only writable place.
    """

    def __init__(self, sandbox: Sandbox, slot: int, path: Path) -> None:
        self.sandbox = sandbox
        self.slot = slot
        self.path = path
        self.uid = sandbox.uid_base + slot
        self._handles: list[RunHandle] = []

    @property
    def inside(self) -> str:
        """The box's path as the program sees it."""
        return f"{INSIDE_BOXES}/{self.path.name}" if self.sandbox.privileged else str(self.path)

    def start(self, spec: RunSpec, cpu: CpuLease | None = None) -> RunHandle:
        """Start a run; one run at a time per box (its slot's cgroups and uid).
        It runs on the CPU of ``cpu`` (a run group's), else on one leased for it."""
        if any(h.wait(0.0) is None for h in self._handles):
            raise RuntimeError("a run is already going on in this box")
        self._handles = []
        handle = self.sandbox.start(self, spec, cpu)
        self._handles.append(handle)
        return handle

    def run(self, spec: RunSpec) -> RunResult:
        return self.start(spec).result()

    def _stop_all(self) -> None:
        """Kill what still runs; wait for every run, so that each gives back its CPU."""
        for handle in self._handles:
            if not handle.done:
                handle.kill()
            handle.wait()


class Sandbox:
    """Runs untrusted commands in boxes; see ``docs/sandbox.md``."""

    def __init__(
        self,
        box_root: Path,
        cache_dir: Path,
        *,
        ro_mounts: Mapping[str, Path | str] | None = None,
        use_cgroups: bool = True,
        slots: int = SLOTS,
        uid_base: int = UID_BASE,
        pin_cpus: bool = True,
    ) -> None:
        self.box_root = box_root.absolute()
        self.cache_dir = cache_dir.absolute()
        self.state_dir = self.box_root.parent / f"{self.box_root.name}.state"
        mounts = ro_mounts or {}
        self.ro_mounts = {inside: Path(host).absolute() for inside, host in mounts.items()}
        self.uid_base = uid_base
        self.privileged = os.geteuid() == 0
        self.identity = Identity.new()  # names its cgroups (see judge/sandbox/identity.py)
        self.cgroups = cgroups.detect(self.identity.name, use_cgroups)
        self.degraded = self._degradation()
        if self.degraded:
            log.warning("sandbox degraded: %s", self.degraded)
        self.box_root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.box_root, 0o711)
        self._pool = SlotPool(self.state_dir / "slots", slots)
        self._cpus = CpuLeases(self.state_dir / "cpus", pin_cpus)
        self._remove_stale_boxes()
        self._client: LauncherClient | None = None
        self._client_lock = threading.Lock()

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        ro_mounts: Mapping[str, Path | str] | None = None,
        use_cgroups: bool | None = None,
    ) -> Sandbox:
        """``use_cgroups`` defaults to ``settings.sandbox_cgroups``."""
        return cls(
            settings.resolved_box_root(),
            settings.cache_dir,
            ro_mounts=ro_mounts,
            use_cgroups=settings.sandbox_cgroups if use_cgroups is None else use_cgroups,
            slots=settings.sandbox_slots,
            pin_cpus=settings.sandbox_pin_cpus,
        )

    def _remove_stale_boxes(self) -> None:
        """Boxes left by a judge process that died (they hold tmpfs memory)."""
        for slot in self._pool.idle():
            path = self.box_root / f"b{slot}"
            if path.exists():
                shutil.rmtree(path, ignore_errors=True)

    def _degradation(self) -> str | None:
        return degradation(self.cgroups, self.privileged)

    @property
    def isolation(self) -> str:
        """ "cgroup-v1", "cgroup-v2" or "rlimits (degraded: ...)"."""
        if self.degraded:
            return f"rlimits (degraded: {self.degraded})"
        return self.isolation_mode

    @property
    def isolation_mode(self) -> IsolationMode:
        """ "cgroup-v1", "cgroup-v2" or "rlimits" (degraded), as results and
        ``/metrics`` name it."""
        return mode_of(self.cgroups, self.privileged)

    def warnings(self) -> list[str]:
        """Warnings to show with results (empty when isolation is complete)."""
        return [f"sandbox degraded: {self.degraded}"] if self.degraded else []

    @property
    def slots(self) -> int:
        """How many boxes can be open at once (on this box root, by every process)."""
        return self._pool.count

    @contextlib.contextmanager
    def box(self) -> Iterator[Box]:
        """A fresh box on an exclusive slot; removed (and its runs killed) on exit."""
        slot, lock_fd = self._pool.acquire()
        with self._opened([(slot, lock_fd)]) as boxes:
            yield boxes[0]

    @contextlib.contextmanager
    def boxes(self, count: int) -> Iterator[list[Box]]:
        """``count`` fresh boxes for the processes of one run group, taken all at
        once (see :mod:`judge.sandbox.slots`: no deadlock between groups)."""
        with self._opened(self._pool.acquire_many(count)) as boxes:
            yield boxes

    @contextlib.contextmanager
    def _opened(self, held: list[tuple[int, int]]) -> Iterator[list[Box]]:
        """Boxes on slots already locked; every slot is released on exit."""
        boxes: list[Box] = []
        try:
            for slot, _ in held:
                path = self.box_root / f"b{slot}"
                self.cgroups.prepare_slot(slot)  # every time: cheap, and survives a cleanup
                _fresh_dir(path, self.uid_base + slot if self.privileged else None)
                boxes.append(Box(self, slot, path))
            yield boxes
        finally:
            for box in boxes:
                box._stop_all()
            for slot, lock_fd in held:
                shutil.rmtree(self.box_root / f"b{slot}", ignore_errors=True)
                self._pool.release(lock_fd)

    def start(self, box: Box, spec: RunSpec, cpu: CpuLease | None = None) -> RunHandle:
        """Start ``spec`` in ``box`` and return at once (called by :meth:`Box.start`,
        which keeps to one run at a time per box), pinned to the CPU of ``cpu``
        or, without one, to a CPU leased for this run (see :mod:`judge.sandbox.cpus`)."""
        own = None
        if cpu is None:
            cpu = own = self._cpus.acquire()
        try:
            client = self._launcher()
        except (LauncherError, OSError) as exc:
            return RunHandle(spec, self.degraded, None, str(exc), lease=own)
        request = self._request(box, spec, cpu.cpu)
        problem = request.check()
        if problem:
            return RunHandle(spec, self.degraded, None, problem, lease=own)
        pending = client.submit(request)
        return RunHandle(spec, self.degraded, pending, "", box.path, lease=own)

    def run_group(
        self,
        specs: Sequence[tuple[Box, RunSpec]],
        leader: int | None = None,
        grace: float = 1.0,
    ) -> list[RunResult]:
        """Start all runs together (each under its own limits; FIFOs between them
        are made by the caller), all on one leased CPU, and return their results
        in order.

        With ``leader``, once that run ends the others get ``grace`` seconds to
        finish; those still running are then killed (``killed_by_judge``).
        """
        cpu = self._cpus.acquire()
        try:
            handles = [box.start(spec, cpu) for box, spec in specs]
            if leader is not None:
                handles[leader].wait()
                deadline = time.monotonic() + grace
                for handle in handles:
                    if handle.wait(max(0.0, deadline - time.monotonic())) is None:
                        handle.kill()
            return [h.result() for h in handles]
        finally:
            cpu.release()

    @property
    def launcher_pid(self) -> int | None:
        """Host pid of the running launcher (for monitoring and tests), if started."""
        client = self._client
        return client.pid if client is not None and client.alive else None

    def close(self) -> None:
        """Stop the launcher (every process it started dies with it) and remove
        this sandbox's cgroups; a later run starts both again."""
        with self._client_lock:
            if self._client is not None:
                self._client.close()
                self._client = None
            processes, stuck = self.cgroups.remove()
        if processes or stuck:
            log.warning("sandbox close: %d processes left in its cgroups, %d cgroups stuck",
                        processes, stuck)  # fmt: skip

    def _launcher(self) -> LauncherClient:
        with self._client_lock:
            if self._client is None or not self._client.alive:
                self.cgroups.ensure()
                self._client = LauncherClient(self._launcher_argv())
            return self._client

    def _launcher_argv(self) -> list[str]:
        binary = build(self.cache_dir)
        root = self.state_dir / "root"
        root.mkdir(parents=True, exist_ok=True)
        argv = [str(binary), "--root", str(root), "--boxes", str(self.box_root)]
        argv += ["--bpf", str(write_bpf(binary.parent)), *self.cgroups.launcher_args()]
        for inside, host in self.ro_mounts.items():
            argv += ["--ro", f"{host}={inside}"]
        if not self.privileged:
            argv.append("--unprivileged")
        return argv

    def _request(self, box: Box, spec: RunSpec, cpu: int | None) -> Request:
        lim = spec.limits
        env = {"PATH": PATH, "LANG": "C.UTF-8", "HOME": box.inside, "TMPDIR": box.inside}
        return Request(
            slot=box.slot, uid=box.uid, argv=spec.argv, env=env | spec.env, cwd=box.inside,
            executable=_host(spec.executable), stdin=_host(spec.stdin),
            stdout=_host(spec.stdout), stderr=_host(spec.stderr),
            cpu=lim.cpu_time or 0.0, wall=lim.wall_time,
            memory=-1 if lim.memory is None else lim.memory, processes=lim.processes,
            output=lim.output, stack=-1 if lim.stack is None else lim.stack,
            open_files=lim.open_files, cpu_pin=cpu,
        )  # fmt: skip


def _host(path: Path | None) -> str:
    return "" if path is None else str(Path(path).absolute())


def _fresh_dir(path: Path, uid: int | None) -> None:
    if path.exists() or path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    path.mkdir(mode=0o700)
    if uid is not None:
        os.chown(path, uid, uid)
