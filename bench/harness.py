"""One harness for the tests and the benchmarks: a private ioi-judge service of
real processes on free ports.

* :class:`RedisServer`: a redis-server with append-only persistence in its own
  directory, killable (SIGKILL) and restartable on the same port and data;
* :class:`Workers`: worker processes (``judge.service.worker.main``);
* :class:`ApiServer`: the API on uvicorn in a thread of this process (tests:
  quick to start, restartable);
* :class:`ServiceProcesses`: all three as child processes (the API as
  ``python -m judge.api``), each part killable and restartable.

API and workers get their settings as ``JUDGE_*`` variables
(:func:`service_env`), so a child process sees the settings the caller built.
Every child process runs in its own session: killing one kills what it started
(a worker's sandboxed programs).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal, Self

import httpx
import redis
import uvicorn

from judge.api import create_app
from judge.service.worker import worker_name
from judge.settings import Settings

LOCALHOST = "127.0.0.1"
SUBMIT_TOKEN = "test-submit-token"
ADMIN_TOKEN = "test-admin-token"
# Imported, not run as __main__, so that RQ's job function finds the worker's state.
WORKER_CODE = "import judge.service.worker; judge.service.worker.main()"
STOP_GRACE_SECONDS = 20.0

Popen = subprocess.Popen[bytes]


def free_port() -> int:
    """A TCP port of localhost that nothing listens on right now."""
    with socket.socket() as s:
        s.bind((LOCALHOST, 0))
        return int(s.getsockname()[1])


def service_settings(redis_url: str, data_dir: Path, **overrides: Any) -> Settings:
    """Settings of a private service: its Redis and data dir, the harness's
    tokens, then ``overrides``."""
    values: dict[str, Any] = {"data_dir": data_dir, "redis_url": redis_url,
                              "submit_tokens": [SUBMIT_TOKEN], "admin_tokens": [ADMIN_TOKEN]}
    return Settings(**{**values, **overrides})


def service_env(settings: Settings) -> dict[str, str]:
    """This process's environment plus ``settings`` as ``JUDGE_*`` variables:
    what an API or worker child process reads its settings from."""
    env = dict(os.environ)
    env.update(_judge_vars("JUDGE_", settings.model_dump(exclude={"archive"})))
    env.update(_judge_vars("JUDGE_ARCHIVE_", settings.archive.model_dump()))
    return env


def _judge_vars(prefix: str, values: Mapping[str, Any]) -> dict[str, str]:
    return {f"{prefix}{name.upper()}": _env_value(value)
            for name, value in values.items() if value is not None}


def _env_value(value: object) -> str:
    return json.dumps(value) if isinstance(value, list) else str(value)


def api_client(url: str, token: str | None, timeout: float = 60) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=url, headers=headers, timeout=timeout)


def stop_processes(procs: Sequence[Popen], sig: int = signal.SIGTERM,
                   grace: float = STOP_GRACE_SECONDS) -> None:
    """Signal each process's session; SIGKILL the ones still running after
    ``grace`` seconds."""
    for proc in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
    deadline = time.monotonic() + grace
    for proc in procs:
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class ChildProcesses:
    """Starts the service's child processes, each in its own session, with its
    output in a numbered file of ``log_dir`` or discarded. Once closed it starts
    nothing more: a chaos thread may still restart a part while the service
    stops, so starting and registering a process happen under :attr:`lock`."""

    def __init__(self, log_dir: Path | None = None) -> None:
        self.log_dir = log_dir
        self.lock = threading.RLock()
        self.closed = False
        self._started = 0

    def spawn(self, argv: list[str], name: str, env: Mapping[str, str] | None = None) -> Popen:
        with self.lock:
            if self.closed:
                raise RuntimeError("the service is stopped")
            self._started += 1
            with self._output(name) as out:
                return subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    @contextlib.contextmanager
    def _output(self, name: str) -> Iterator[int | IO[bytes]]:
        if self.log_dir is None:
            yield subprocess.DEVNULL
            return
        self.log_dir.mkdir(parents=True, exist_ok=True)
        out: IO[bytes]
        with (self.log_dir / f"{self._started:04d}-{name}.log").open("wb") as out:
            yield out


class RedisServer:
    """A redis-server on a free port whose data lives in ``directory``
    (append-only file, fsync per ``appendfsync``): SIGKILLed and started again,
    it has lost nothing the append-only file held."""

    def __init__(self, directory: Path, appendfsync: Literal["always", "everysec"] = "always",
                 children: ChildProcesses | None = None) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (bash deploy/setup.sh installs it)")
        self.dir = directory
        self.port = free_port()
        self.argv = [binary, "--port", str(self.port), "--bind", LOCALHOST, "--dir", str(directory),
                     "--appendonly", "yes", "--appendfsync", appendfsync,
                     "--save", "", "--daemonize", "no"]
        self.url = f"redis://{LOCALHOST}:{self.port}/0"
        self.children = children or ChildProcesses()
        self.proc: Popen | None = None

    def start(self, timeout: float = 30.0) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.proc = self.children.spawn(self.argv, "redis")
        with self.client() as client:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    client.ping()
                    return
                except (redis.ConnectionError, redis.BusyLoadingError):
                    if time.monotonic() > deadline or self.proc.poll() is not None:
                        raise RuntimeError("redis-server did not start") from None
                    time.sleep(0.05)

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL: no chance to save anything beyond what the AOF already has."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            stop_processes([self.proc])
            self.proc = None

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=5, socket_connect_timeout=1)

    def used_memory(self) -> int:
        """Redis's own ``used_memory`` (``INFO memory``), in bytes."""
        with self.client() as client:
            return int(client.info("memory")["used_memory"])

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Workers:
    """Worker processes (``judge.service.worker.main``) with ``settings``."""

    def __init__(self, settings: Settings, children: ChildProcesses | None = None) -> None:
        self.env = service_env(settings)
        self.children = children or ChildProcesses()
        self.procs: list[Popen] = []

    def start(self, count: int = 1) -> list[Popen]:
        started = []
        for _ in range(count):
            with self.children.lock:
                proc = self.children.spawn([sys.executable, "-c", WORKER_CODE], "worker",
                                           self.env)
                self.procs.append(proc)
            started.append(proc)
        return started

    def kill(self, proc: Popen) -> str:
        """SIGKILL the worker and everything it started (its sandboxed runs); its
        RQ name."""
        name = worker_name(proc.pid)  # while /proc/<pid> is there
        with self.children.lock:
            self.procs.remove(proc)
        stop_processes([proc], signal.SIGKILL)
        return name

    def stop_all(self) -> None:
        with self.children.lock:
            procs, self.procs = self.procs, []
        stop_processes(procs)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_all()


class ApiServer:
    """The API (``create_app(settings)``) on uvicorn in a thread of this process,
    on a free port; stop and start it again to restart it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.port = free_port()
        self.url = f"http://{LOCALHOST}:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 10.0) -> None:
        config = uvicorn.Config(create_app(self.settings), host=LOCALHOST, port=self.port,
                                log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
            self._server = None

    def client(self, token: str | None = SUBMIT_TOKEN) -> httpx.Client:
        return api_client(self.url, token)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_ready(url: str, workers: int, watch: Sequence[Popen] = (),
               timeout: float = 60.0) -> None:
    """Until ``GET /readyz`` counts ``workers`` live workers; fails early when a
    process of ``watch`` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in watch:
            if proc.poll() is not None:
                raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).json().get("workers", 0) >= workers:
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.2)
    raise RuntimeError("the service did not become ready")


class ServiceProcesses:
    """A private service whose parts can be killed and restarted: a
    :class:`RedisServer` in ``base/redis``, the API (``python -m judge.api``) and
    a :class:`Workers` of ``workers``, over a data dir in ``base/data``; as a
    context manager, started and ready inside, stopped afterwards.

    ``overrides`` are settings of the API and workers; ``log_dir``, when given,
    receives each process's output."""

    def __init__(self, base: Path, workers: int = 1, overrides: Mapping[str, Any] | None = None,
                 appendfsync: Literal["always", "everysec"] = "always",
                 log_dir: Path | None = None, ready_timeout: float = 180.0) -> None:
        self.worker_count = workers
        self.ready_timeout = ready_timeout
        self.children = ChildProcesses(log_dir)
        self.redis = RedisServer(base / "redis", appendfsync, self.children)
        self.settings = service_settings(self.redis.url, base / "data", api_host=LOCALHOST,
                                         api_port=free_port(), **(overrides or {}))
        self.url = f"http://{LOCALHOST}:{self.settings.api_port}"
        self.env = service_env(self.settings)
        self.api: Popen | None = None
        self.workers = Workers(self.settings, self.children)

    def start(self) -> None:
        """Redis, the API and the workers, then wait until it is ready."""
        self.redis.start()
        self.start_api()
        self.workers.start(self.worker_count)
        wait_ready(self.url, self.worker_count,
                   watch=[p for p in (self.api, self.redis.proc) if p is not None],
                   timeout=self.ready_timeout)

    def start_api(self) -> None:
        self.api = self.children.spawn([sys.executable, "-m", "judge.api"], "api", self.env)

    def kill_api(self, sig: int = signal.SIGKILL) -> None:
        if self.api is not None:
            stop_processes([self.api], sig)
            self.api = None

    def client(self, token: str = ADMIN_TOKEN, timeout: float = 60) -> httpx.Client:
        return api_client(self.url, token, timeout)

    def stop(self) -> None:
        """Workers and API first (SIGTERM, then SIGKILL), Redis last. Nothing can
        be started afterwards."""
        with self.children.lock:
            self.children.closed = True
        self.workers.stop_all()
        self.kill_api(signal.SIGTERM)
        self.redis.stop()

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
