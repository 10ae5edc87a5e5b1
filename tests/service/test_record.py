"""The typed Redis record of a submission against the real store (real
redis-server): what the store writes is what :class:`SubmissionRecord` models,
field for field, so a renamed or reformatted field cannot slip by."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import redis

from judge.service.queue import JobQueue
from judge.service.record import CLAIM_FIELDS, SubmissionRecord
from judge.service.store import SubmissionStore, submission_key
from judge.settings import Settings
from judge.wire.results import CompileInfo, CompileStatus, SubmissionResult
from judge.wire.submissions import SubmissionRequest, SubmissionStatus

REQUEST = SubmissionRequest(problem_id="apb", language="python3", source="print(3)",
                            subtask="1", priority="batch", metadata={"run": [1, 2.5, None]})


@pytest.fixture
def queue(redis_url: str, tmp_path: Path) -> JobQueue:
    settings = Settings(redis_url=redis_url, data_dir=tmp_path)
    return JobQueue(redis.Redis.from_url(redis_url), settings)


def _result(score: float) -> SubmissionResult:
    return SubmissionResult(problem="apb", problem_version="v1", language="python3",
                            compile=CompileInfo(status=CompileStatus.OK), score=score,
                            max_score=100, subtasks=[], tests=[])


def _raw(queue: JobQueue, submission_id: str) -> dict[bytes, bytes]:
    return queue.redis.hgetall(submission_key(submission_id))  # type: ignore[return-value]


def test_a_queued_record_is_the_hash_fields_it_always_was(queue: JobQueue) -> None:
    [sid] = queue.submit([(REQUEST, "v1")])
    raw = {k.decode(): v.decode() for k, v in _raw(queue, sid).items()}
    assert set(raw) == {"status", "request", "source", "problem_version", "created_at", "runs"}
    assert raw["status"] == "queued" and raw["source"] == "print(3)"
    assert raw["problem_version"] == "v1" and raw["runs"] == "0"
    stored = REQUEST.model_dump(mode="json", exclude={"source", "outputs"})
    assert json.loads(raw["request"]) == stored
    record = SubmissionRecord.from_hash(raw)
    assert record is not None and record.request == REQUEST
    assert repr(record.created_at) == raw["created_at"]
    assert record.to_hash() == raw


def test_every_field_the_store_writes_is_typed(queue: JobQueue) -> None:
    [sid] = queue.submit([(REQUEST, "v1")])
    store = SubmissionStore(queue.redis, 60)
    assert store.claim(sid, "w1") is not None and store.claim(sid, "w2") is not None
    assert store.finish(sid, _result(100), "w2:2")
    assert not store.finish(sid, _result(0), "w1:1")
    raw = _raw(queue, sid)
    record = SubmissionRecord.from_hash(raw)
    assert record is not None
    assert record.status is SubmissionStatus.DONE and record.request == REQUEST
    assert (record.runs, record.worker, record.workers) == (2, "w2", ["w1", "w2"])
    assert (record.finishes, record.finishes_refused, record.finished_by) == (1, 1, "w2:2")
    assert record.result == _result(100) and record.error is None
    assert record.started_at is not None and record.finished_at is not None
    assert record.to_hash() == {k.decode(): v.decode() for k, v in raw.items()}


def test_a_partial_read_types_what_it_read(queue: JobQueue) -> None:
    [sid] = queue.submit([(REQUEST, "v1")])
    store = SubmissionStore(queue.redis, 60)
    state = store.record(sid)
    assert state is not None and state.request.source == ""  # the source was not read
    assert state.request == REQUEST.model_copy(update={"source": ""})
    claimed = store.record(sid, CLAIM_FIELDS)
    assert claimed is not None and claimed.request == REQUEST
    assert store.record("nope") is None
    assert SubmissionRecord.from_hash({}) is None
