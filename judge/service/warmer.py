"""Workers warm problem versions as they are published.

The API announces each published version on :data:`PUBLISHED_CHANNEL`
(:meth:`judge.service.problem_cache.SharedProblems.publish`). Every worker runs
a :class:`VersionWarmer` thread that listens there and, when it starts, also
warms every current version (a worker started after the upload). Warming
fetches the version into the local store and compiles its checker, manager and
grader objects (:func:`judge.grading.warmup.warm_version`) into the caches the
submissions use, on this host.

It runs beside the judging thread and holds nothing that thread needs except
the per-key compile locks of the same programs, which a submission would take
anyway. Nothing in it can stop the worker: every failure (a broken package, a
Redis outage) is logged and recorded, and the thread carries on. Each
worker's outcome is kept in Redis under :func:`warm_key` (one field per worker).
"""

from __future__ import annotations

import json
import logging
import threading
import time

import redis

from judge.grading.tasktypes.base import JudgeEnv
from judge.grading.warmup import WarmUp, warm_version
from judge.service.connection import text
from judge.service.problem_cache import PROBLEMS_KEY, PUBLISHED_CHANNEL, SharedProblems

log = logging.getLogger("judge.service.warmer")

WARM_TTL_SECONDS = 7 * 24 * 3600
_REDIS_DOWN = (redis.ConnectionError, redis.TimeoutError)


def warm_key(problem_id: str, version: str) -> str:
    """Hash: worker name -> its :class:`WarmUp` (JSON)."""
    return f"judge:problem:{problem_id}:{version}:warm"


class VersionWarmer:
    def __init__(self, connection: redis.Redis, problems: SharedProblems, env: JudgeEnv,
                 worker_name: str) -> None:
        self.redis = connection
        self.problems = problems
        self.env = env
        self.worker_name = worker_name
        self._stop = threading.Event()
        self._done: set[tuple[str, str]] = set()
        self._thread = threading.Thread(target=self._run, name="warmer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to stop; a compile in progress is not waited for beyond
        ``timeout`` (the thread is a daemon)."""
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except _REDIS_DOWN as exc:
                log.warning("warm-up waits for redis", extra={"error": str(exc)})
            except Exception:  # never let the thread die: the next loop starts over
                log.exception("warm-up loop failed")
            self._stop.wait(1.0)

    def _listen(self) -> None:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        try:
            # Subscribed first, so that nothing published while the current
            # versions are warmed is missed.
            pubsub.subscribe(PUBLISHED_CHANNEL)
            for problem_id, version in self._current():
                self.warm(problem_id, version)
            while not self._stop.is_set():
                message = pubsub.get_message(timeout=1.0)
                if message is not None:
                    self._on_message(message.get("data"))
        finally:
            pubsub.close()

    def _current(self) -> list[tuple[str, str]]:
        versions = self.redis.hgetall(PROBLEMS_KEY)
        return sorted((text(k), text(v)) for k, v in versions.items())

    def _on_message(self, data: bytes | str) -> None:
        try:
            announced = json.loads(text(data))
            problem_id, version = str(announced["id"]), str(announced["version"])
        except (ValueError, KeyError, TypeError):
            log.warning("ignored announcement", extra={"data": repr(data)[:200]})
            return
        self.warm(problem_id, version)

    def warm(self, problem_id: str, version: str) -> WarmUp | None:
        """Warm one version once per process; None if it was done already."""
        if (problem_id, version) in self._done or self._stop.is_set():
            return None
        started = time.monotonic()
        try:
            stored = self.problems.ensure_local(problem_id, version)
            report = warm_version(self.env, stored)
        except _REDIS_DOWN:
            raise
        except Exception as exc:  # a version we cannot fetch or read: reported
            report = WarmUp(problem=problem_id, version=version, errors=[f"fetch: {exc}"[:300]],
                            seconds=round(time.monotonic() - started, 3))
        self._done.add((problem_id, version))
        self._record(report)
        return report

    def _record(self, report: WarmUp) -> None:
        key = warm_key(report.problem, report.version)
        with self.redis.pipeline() as pipe:
            pipe.hset(key, self.worker_name, report.model_dump_json())
            pipe.expire(key, WARM_TTL_SECONDS)
            pipe.execute()
        level = logging.WARNING if report.errors else logging.INFO
        log.log(level, "warmed", extra={"problem": report.problem, "version": report.version,
                                        "seconds": report.seconds, "ready": report.ready,
                                        "errors": report.errors})
