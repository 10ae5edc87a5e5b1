"""``ioi-judge serve``, ``worker``, ``up``, ``down`` and ``status``: the service."""

from __future__ import annotations

import os
import shutil
import sys
import time
from typing import Annotated
from urllib.parse import urlparse

import httpx
import redis
import typer
from rich.console import Console

from judge.api.tokens import ensure_tokens, tokens_file
from judge.logs import setup_json_logging
from judge.sandbox.sandbox import probe_isolation
from judge.service import running
from judge.service.supervisor import Child, Supervisor, child_env
from judge.settings import Settings

err = Console(stderr=True)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}
OWN_KEY_PREFIXES = ("judge:", "rq:")


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
    one worker per core. Ctrl-C, SIGTERM or `ioi-judge down` stops them all."""
    setup_json_logging()
    settings, generated = ensure_tokens(Settings())
    already = running.current(settings.data_dir)
    if already is not None:
        raise typer.BadParameter(f"already running (pid {already.pid}, {already.api_url}); "
                                 "see `ioi-judge status`, stop it with `ioi-judge down`")
    _announce_isolation(settings)
    children: list[Child] = []
    own_redis = not redis_reachable(settings.redis_url)
    if own_redis:
        redis_child = local_redis(settings)
        redis_child.start()
        _wait_for_redis(settings.redis_url)
        children.append(redis_child)
    else:
        _announce_shared_redis(settings.redis_url)
    api = Child("api", [sys.executable, "-m", "judge.api"], child_env(), stage=1)
    count = worker_count(settings, processes)
    children += [api, *(_worker_child(i) for i in range(count))]
    api_url = f"http://{settings.api_host}:{settings.api_port}"
    err.print(f"ioi-judge: API on {api_url} (docs: /docs), {count} workers, "
              f"Redis {settings.redis_url}")
    if generated is not None:
        err.print(f"ioi-judge: no tokens configured; local tokens in {tokens_file(settings)}:\n"
                  f"  admin  {generated.admin}\n  submit {generated.submit}", highlight=False)
    state = running.this_process(api_url, settings.redis_url, own_redis, count)
    running.record(settings.data_dir, state)
    try:
        code = Supervisor(children).run()
    finally:
        running.forget(settings.data_dir, state.pid)
    raise typer.Exit(code)


def _announce_isolation(settings: Settings) -> None:
    """The sandbox's isolation mode first, and a warning when it is degraded (the
    workers log it too, but an operator reads what ``up`` prints)."""
    mode, why = probe_isolation(settings)
    err.print(f"ioi-judge: sandbox isolation: {mode}", highlight=False)
    if why:
        err.print(f"ioi-judge: WARNING: the sandbox is degraded ({why}); memory and CPU "
                  "limits are approximate and runs are less isolated. /readyz, /metrics and "
                  "every result say so. Run as root on a host with a writable cgroup v1 or "
                  "v2 hierarchy (see docs/sandbox.md).", style="bold yellow", highlight=False)


def _announce_shared_redis(url: str) -> None:
    """Say loudly that ``up`` judges with a Redis it did not start, and whether
    that Redis holds keys of other programs (they share its database)."""
    err.print(f"ioi-judge: using the Redis already running at {url}; it is not stopped "
              "by `ioi-judge down`", highlight=False)
    foreign = foreign_keys(url)
    if foreign:
        err.print(f"ioi-judge: WARNING: that database holds keys of other programs "
                  f"(e.g. {', '.join(foreign)}); the judge's keys (judge:*, rq:*) will sit "
                  "beside them. Give the judge a database of its own with "
                  "JUDGE_REDIS_URL=redis://HOST:PORT/N", style="bold yellow", highlight=False)


def foreign_keys(url: str, sample: int = 3, look_at: int = 10_000) -> list[str]:
    """Up to ``sample`` keys of the database at ``url`` that are not the judge's,
    among the first ``look_at`` keys."""
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2,
                                  decode_responses=True)
    found: list[str] = []
    for seen, key in enumerate(client.scan_iter(count=500)):
        if seen >= look_at:
            break
        if not key.startswith(OWN_KEY_PREFIXES):
            found.append(key)
            if len(found) >= sample:
                break
    return found


def down(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for running jobs.")] = 120.0,
) -> None:
    """Stop what `ioi-judge up` started here: workers first (each finishes its
    current submission; unfinished ones stay queued), then the API, then its Redis."""
    settings = Settings()
    state = running.current(settings.data_dir)
    if state is None:
        err.print("ioi-judge: nothing to stop (no `ioi-judge up` runs with this data dir)")
        return
    err.print(f"ioi-judge: stopping pid {state.pid} ({state.api_url})")
    if not running.stop(state, timeout):
        err.print(f"ioi-judge: still running after {timeout:.0f} s (pid {state.pid})")
        raise typer.Exit(1)
    err.print("ioi-judge: stopped")


def status() -> None:
    """Show what `ioi-judge up` runs here, and whether the API is ready."""
    settings = Settings()
    state = running.current(settings.data_dir)
    if state is None:
        typer.echo("not running (no `ioi-judge up` with this data dir)")
        raise typer.Exit(3)
    typer.echo(f"running: pid {state.pid}, API {state.api_url}, Redis {state.redis_url} "
               f"({'started by up' if state.own_redis else 'not started by up'}), "
               f"{state.workers} workers")
    for child in running.children(state):
        typer.echo(f"  {child.pid:>7}  {' '.join(child.cmdline()[-2:])}")
    typer.echo(f"ready: {_readiness(state.api_url)}")


def _readiness(api_url: str) -> str:
    try:
        answer = httpx.get(f"{api_url}/readyz", timeout=3)
    except httpx.HTTPError as exc:
        return f"no answer ({type(exc).__name__})"
    body = answer.json()
    return "yes" if answer.status_code == 200 else f"no: {body.get('message', answer.text)}"
