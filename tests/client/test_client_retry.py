"""Retries against a real (tiny, local) HTTP server that fails on purpose:
5xx and 429 are retried with backoff, 4xx are not, a dead port gives up."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from judge.client import (
    AuthError,
    InvalidRequest,
    JudgeClient,
    RetryPolicy,
    ServiceUnavailable,
    SubmissionRequest,
)

FAST = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05)
STATE = {"id": "abc", "status": "queued"}


class FlakyServer(ThreadingHTTPServer):
    """Answers each request with the next (status, body) of ``script``."""

    def __init__(self, script: list[tuple[int, dict[str, object]]]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.hits = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FlakyServer

    def _answer(self) -> None:
        length = int(self.headers.get("content-length", 0))
        self.rfile.read(length)
        status, body = self.server.script[min(self.server.hits, len(self.server.script) - 1)]
        self.server.hits += 1
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        if status == 429:
            self.send_header("retry-after", "0")
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


def _serve(script: list[tuple[int, dict[str, object]]]) -> Iterator[FlakyServer]:
    server = FlakyServer(script)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def flaky() -> Iterator[FlakyServer]:
    yield from _serve([(503, {"message": "busy"}), (429, {"message": "slow down"}),
                       (502, {}), (202, STATE)])


@pytest.fixture
def refusing() -> Iterator[FlakyServer]:
    yield from _serve([(401, {"message": "bad token"}), (422, {"detail": "unknown language"})])


REQUEST = SubmissionRequest(problem_id="p", language="cpp17", source="int main(){}")


PROBLEM = {"id": "p", "version": "v1", "name": "P", "task_type": "Batch", "time_limit": 1.0,
           "memory_limit": 256, "tests": 2, "max_score": 100.0, "languages": ["cpp"],
           "subtasks": [{"name": "all", "index": 1, "max_score": 100.0, "tests": 2,
                         "added_later": True}],
           "created": None, "added_later": {"by": "a newer service"}}


@pytest.fixture
def newer() -> Iterator[FlakyServer]:
    yield from _serve([(200, PROBLEM)])


def test_fields_a_newer_service_adds_are_ignored(newer: FlakyServer) -> None:
    with JudgeClient(newer.url, "t", retry=FAST) as client:
        problem = client.problem("p")
    assert (problem.id, problem.version) == ("p", "v1")
    assert [(s.name, s.index, s.max_score) for s in problem.subtasks] == [("all", 1, 100.0)]


def test_transient_failures_are_retried_until_success(flaky: FlakyServer) -> None:
    with JudgeClient(flaky.url, "t", retry=FAST) as client:
        state = client.submit(REQUEST)
    assert state.id == "abc" and flaky.hits == 4


def test_client_errors_are_not_retried(refusing: FlakyServer) -> None:
    with JudgeClient(refusing.url, "t", retry=FAST) as client:
        with pytest.raises(AuthError, match="bad token"):
            client.submit(REQUEST)
        assert refusing.hits == 1
        with pytest.raises(InvalidRequest, match="unknown language"):
            client.submit(REQUEST)
        assert refusing.hits == 2


def test_a_dead_service_gives_up_after_the_attempts() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed when the block ends: nothing listens
    with JudgeClient(f"http://127.0.0.1:{port}", retry=FAST) as client:
        with pytest.raises(ServiceUnavailable, match="4 tries"):
            client.get("abc")
        states = client.score_many([REQUEST, REQUEST], concurrency=2)
    assert [s.status.value for s in states] == ["error", "error"]


def test_backoff_grows_and_is_capped() -> None:
    policy = RetryPolicy(attempts=10, base_delay=0.1, max_delay=1.0)
    delays = [policy.delay(i) for i in range(8)]
    assert all(0.05 <= d <= 1.0 for d in delays)
    assert delays[0] <= 0.1 and min(delays[5:]) >= 0.5
