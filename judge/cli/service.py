"""``ioi-judge serve``, ``ioi-judge worker`` and ``ioi-judge up``: the service."""

from __future__ import annotations

import os
import shutil
import sys
import time
from typing import Annotated
from urllib.parse import urlparse

import redis
import typer
from rich.console import Console

from judge.api.tokens import ensure_tokens, tokens_file
from judge.logs import setup_json_logging
from judge.service.supervisor import Child, Supervisor, child_env
from judge.settings import Settings

err = Console(stderr=True)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}


def worker_count(settings: Settings, processes: int | None) -> int:
    if processes:
        return processes
    if settings.workers:
        return settings.workers
    return len(os.sched_getaffinity(0)) or 1


def serve(
    host: Annotated[str | None, typer.Option(help="Default: JUDGE_API_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Default: JUDGE_API_PORT.")] = None,
) -> None:
    """Run the REST API (uvicorn). Docs at http://HOST:PORT/docs."""
    from judge.api.server import serve_api

    serve_api(Settings(), host, port)


def worker(
    processes: Annotated[
        int | None,
        typer.Option("--processes", "-p", help="Default: JUDGE_WORKERS or one per core."),
    ] = None,
    burst: Annotated[
        bool, typer.Option(help="Exit once the queues are empty (one process).")
    ] = False,
) -> None:
    """Run judging workers (RQ), listening to the interactive queue before the batch one."""
    settings = Settings()
    count = worker_count(settings, processes)
    if count == 1 or burst:
        from judge.service.worker import main

        if burst:
            _burst(settings)
        else:
            main()
        return
    setup_json_logging()
    children = [_worker_child(i) for i in range(count)]
    raise typer.Exit(Supervisor(children).run())


def _burst(settings: Settings) -> None:
    from judge.service.worker import run_worker

    setup_json_logging()
    run_worker(settings, burst=True)


def _worker_child(index: int, extra: dict[str, str] | None = None) -> Child:
    argv = [sys.executable, "-m", "judge.service.worker"]
    return Child(f"worker-{index}", argv, child_env(extra), 2)


def redis_reachable(url: str) -> bool:
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False


def local_redis(settings: Settings) -> Child:
    """A redis-server for the configured local URL, with append-only persistence
    under ``<data_dir>/redis`` (fsync policy: ``JUDGE_REDIS_APPENDFSYNC``)."""
    url = urlparse(settings.redis_url)
    if url.hostname not in LOCAL_HOSTS:
        raise typer.BadParameter(f"Redis at {settings.redis_url} is unreachable (not local)")
    binary = shutil.which("redis-server")
    if binary is None:
        raise typer.BadParameter("no redis-server on PATH (bash deploy/setup.sh installs it)")
    data = (settings.data_dir / "redis").resolve()
    data.mkdir(parents=True, exist_ok=True)
    argv = [binary, "--port", str(url.port or 6379), "--bind", "127.0.0.1",
            "--dir", str(data), "--appendonly", "yes",
            "--appendfsync", settings.redis_appendfsync,
            "--save", "", "--daemonize", "no"]
    return Child("redis", argv, child_env(), stage=0)


def _wait_for_redis(url: str, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not redis_reachable(url):
        if time.monotonic() > deadline:
            raise typer.BadParameter(f"redis-server did not come up at {url}")
        time.sleep(0.2)


def up(
    processes: Annotated[
        int | None, typer.Option("--processes", "-p", help="Workers; default one per core.")
    ] = None,
) -> None:
    """Start everything on this host: Redis (if none is reachable), the API and
    one worker per core. Ctrl-C or SIGTERM stops them all."""
    setup_json_logging()
    settings, generated = ensure_tokens(Settings())
    children: list[Child] = []
    if not redis_reachable(settings.redis_url):
        redis_child = local_redis(settings)
        redis_child.start()
        _wait_for_redis(settings.redis_url)
        children.append(redis_child)
    api = Child("api", [sys.executable, "-m", "judge.api"], child_env(), stage=1)
    count = worker_count(settings, processes)
    children += [api, *(_worker_child(i) for i in range(count))]
    err.print(f"ioi-judge: API on http://{settings.api_host}:{settings.api_port} "
              f"(docs: /docs), {count} workers, Redis {settings.redis_url}")
    if generated is not None:
        err.print(f"ioi-judge: no tokens configured; local tokens in {tokens_file(settings)}:\n"
                  f"  admin  {generated.admin}\n  submit {generated.submit}", highlight=False)
    raise typer.Exit(Supervisor(children).run())
