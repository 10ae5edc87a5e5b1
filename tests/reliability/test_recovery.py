"""The pieces the load and chaos runs rely on, one at a time: the sweep that
re-enqueues a submission whose queue job vanished, the store refusing a second
result, and ``Idempotency-Key`` on POST (service and clients)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
import redis
from service_helpers import PY_OK, ApiServer, Workers, make_settings, problem_zip

from bench.harness import RedisServer
from judge.client import AsyncJudgeClient, JudgeClient, RetryPolicy
from judge.service.queue import SUSPECTS_KEY, SWEEP_LOCK_KEY, SWEPT_KEY, JobQueue
from judge.service.store import PENDING_KEY, SubmissionStore
from judge.settings import Settings
from judge.wire.results import CompileInfo, CompileStatus, SubmissionResult
from judge.wire.submissions import SubmissionRequest

REQUEST = SubmissionRequest(problem_id="apb", language="python3", source="print(3)",
                            priority="batch")


@pytest.fixture
def settings(redis_url: str, tmp_path: Path) -> Settings:
    return make_settings(redis_url, tmp_path / "data", sweep_grace_seconds=5.0)


@pytest.fixture
def queue(settings: Settings) -> JobQueue:
    return JobQueue(redis.Redis.from_url(settings.redis_url), settings)


def _sweep(queue: JobQueue, now: float) -> list[str]:
    queue.redis.delete(SWEEP_LOCK_KEY)  # one sweep per grace period: let this one run
    return queue.sweep(now=now)


def _result() -> SubmissionResult:
    return SubmissionResult(problem="apb", problem_version="v", language="python3",
                            compile=CompileInfo(status=CompileStatus.OK), score=100,
                            max_score=100, subtasks=[], tests=[])


def test_sweep_requeues_a_job_lost_between_dequeue_and_registry(queue: JobQueue) -> None:
    lost, kept = queue.submit([(REQUEST, "v1"), (REQUEST, "v1")])
    # What a worker SIGKILLed right after RQ's LPOP leaves: the job in no list.
    assert queue.redis.lrem(queue.queues["batch"].key, 1, lost) == 1
    now = time.time()
    assert _sweep(queue, now) == []  # first seen missing: only a suspect
    assert queue.redis.hexists(SUSPECTS_KEY, lost)
    assert _sweep(queue, now + 2) == []  # not missing for the grace period yet
    assert _sweep(queue, now + 6) == [lost]
    assert queue.redis.get(SWEPT_KEY) == b"1"
    assert queue.queues["batch"].get_job_ids() == [kept, lost]
    assert not queue.redis.hexists(SUSPECTS_KEY, lost)
    assert _sweep(queue, now + 20) == []  # back in its queue: left alone


def test_sweep_forgets_finished_submissions(queue: JobQueue, settings: Settings) -> None:
    [done] = queue.submit([(REQUEST, "v1")])
    store = SubmissionStore(queue.redis, settings.result_ttl_seconds)
    assert store.claim(done, "w1") is not None
    queue.redis.lrem(queue.queues["batch"].key, 1, done)
    assert store.finish(done, _result(), "w1:1")
    assert queue.redis.zscore(PENDING_KEY, done) is None
    queue.redis.zadd(PENDING_KEY, {done: 1.0})  # a lost ZREM (Redis restart)
    now = time.time()
    assert _sweep(queue, now) == [] and _sweep(queue, now + 10) == []
    assert queue.redis.zscore(PENDING_KEY, done) is None
    assert queue.queues["batch"].count == 0


def test_a_second_result_is_refused_and_counted(queue: JobQueue, settings: Settings) -> None:
    [sid] = queue.submit([(REQUEST, "v1")])
    store = SubmissionStore(queue.redis, settings.result_ttl_seconds)
    first, second = store.claim(sid, "w1"), store.claim(sid, "w2")
    assert first is not None and second is not None and second.runs == 2
    assert store.finish(sid, _result(), "w2:2")
    assert not store.finish(sid, _result().model_copy(update={"score": 0}), "w1:1")
    view = store.get(sid)
    assert view is not None and view.result is not None
    assert (view.runs, view.finishes, view.result.score) == (2, 1, 100)
    fields = queue.redis.hmget(f"judge:sub:{sid}", ["finishes_refused", "workers",
                                                     "finished_by"])
    assert fields == [b"1", b"w1,w2", b"w2:2"]


@pytest.fixture
def api(settings: Settings) -> Iterator[ApiServer]:
    server = ApiServer(settings)
    server.start()
    try:
        with server.client("test-admin-token") as admin:
            response = admin.post("/v1/problems", files={"file": ("apb.zip", problem_zip())})
            assert response.status_code == 201, response.text
        yield server
    finally:
        server.stop()


def _post(client: httpx.Client, key: str | None = None) -> httpx.Response:
    body = {"problem_id": "apb", "language": "python3", "source": PY_OK}
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post("/v1/submissions", json=body, headers=headers)


def test_idempotency_key_makes_a_retried_post_create_nothing(api: ApiServer) -> None:
    with api.client() as client:
        first = _post(client, "try-1")
        again = _post(client, "try-1")
        other = _post(client, "try-2")
        plain = [_post(client).json()["id"] for _ in range(2)]
    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"]
    assert again.headers.get("idempotent-replayed") == "true"
    assert "idempotent-replayed" not in first.headers
    assert other.json()["id"] != first.json()["id"]
    assert plain[0] != plain[1]  # no key: every POST is a new submission


def test_idempotency_key_on_batches_and_per_token(api: ApiServer, settings: Settings) -> None:
    body = {"submissions": [{"problem_id": "apb", "language": "python3", "source": "print(3)"}
                            for _ in range(3)]}
    with api.client() as client, api.client("test-admin-token") as admin:
        ids = [client.post("/v1/submissions/batch", json=body,
                           headers={"Idempotency-Key": "batch-1"}).json()["ids"]
               for _ in range(2)]
        theirs = admin.post("/v1/submissions/batch", json=body,
                            headers={"Idempotency-Key": "batch-1"})
        bad = client.post("/v1/submissions", headers={"Idempotency-Key": "x" * 300},
                          json=body["submissions"][0])
    assert len(ids[0]) == 3 and ids[0] == ids[1]
    assert theirs.status_code == 202  # the same key under another token: new submissions
    assert set(theirs.json()["ids"]).isdisjoint(ids[0])
    assert bad.status_code == 422, bad.text
    assert redis.Redis.from_url(settings.redis_url).zcard(PENDING_KEY) == 6


class _KeyRecorder(BaseHTTPRequestHandler):
    """Answers 503 to every first attempt and 202 to its retry; records the
    Idempotency-Key of each request."""

    keys: ClassVar[list[str | None]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.keys.append(self.headers.get("idempotency-key"))
        status = 503 if len(self.keys) % 2 else 202
        body = json.dumps({"id": "abc", "status": "queued", "ids": ["abc"]}).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.send_header("retry-after", "0")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_clients_send_one_key_per_submission_and_reuse_it_on_retry() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _KeyRecorder)
    _KeyRecorder.keys = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with JudgeClient(url, "t", retry=RetryPolicy(attempts=3, base_delay=0.01)) as client:
            client.submit(REQUEST)
            client.submit_batch([REQUEST])

        async def aio() -> None:
            async with AsyncJudgeClient(url, "t", retry=RetryPolicy(attempts=3,
                                                                    base_delay=0.01)) as ac:
                await ac.submit(REQUEST)

        asyncio.run(aio())
    finally:
        server.shutdown()
    keys = _KeyRecorder.keys
    assert len(keys) == 6 and all(keys)
    assert keys[0] == keys[1] and keys[2] == keys[3] and keys[4] == keys[5]  # retries
    assert len({keys[0], keys[2], keys[4]}) == 3  # one key per logical submission


@pytest.mark.slow
def test_worker_and_api_outlive_a_redis_outage(settings: Settings, api: ApiServer,
                                               redis_server: RedisServer) -> None:
    pool = Workers(settings)
    [worker] = pool.start(1)
    try:
        with api.client() as client:
            assert _post_wait(client)["status"] == "done"
            redis_server.kill()
            down = client.get("/v1/submissions/whatever")
            assert down.status_code == 503 and down.headers["retry-after"] == "1"
            assert "redis" in down.json()["message"].lower()
            time.sleep(6)  # longer than the clients' reconnect back-off
            redis_server.start()
            assert _post_wait(client)["status"] == "done"
        assert worker.poll() is None  # the same worker process judged it
    finally:
        pool.stop_all()


def _post_wait(client: httpx.Client) -> dict[str, object]:
    body = {"problem_id": "apb", "language": "python3", "source": PY_OK}
    deadline = time.monotonic() + 90
    while True:  # the API may still be reconnecting: 503 means try again
        response = client.post("/v1/submissions", json=body, params={"wait": 60},
                               headers={"Idempotency-Key": "outage-" + str(id(body))})
        if response.status_code != 503 or time.monotonic() > deadline:
            state: dict[str, object] = response.json()
            return state
        time.sleep(0.5)
