"""The audit figures a reliability bench reads (real redis-server): claims,
results written and refused, claimants, and submissions that are gone."""

from __future__ import annotations

from pathlib import Path

import redis

from judge.service.audit import SubmissionAudit
from judge.service.queue import JobQueue
from judge.service.store import SubmissionStore
from judge.settings import Settings
from judge.wire.results import CompileInfo, CompileStatus, SubmissionResult
from judge.wire.submissions import SubmissionRequest, SubmissionStatus

REQUEST = SubmissionRequest(problem_id="apb", language="python3", source="print(3)")


def _result(score: float) -> SubmissionResult:
    return SubmissionResult(problem="apb", problem_version="v1", language="python3",
                            compile=CompileInfo(status=CompileStatus.OK), score=score,
                            max_score=100, subtasks=[], tests=[])


def test_audit_counts_claims_results_and_refusals(redis_url: str, tmp_path: Path) -> None:
    queue = JobQueue(redis.Redis.from_url(redis_url), Settings(redis_url=redis_url,
                                                                 data_dir=tmp_path))
    judged, waiting = queue.submit([(REQUEST, "v1"), (REQUEST, "v1")])
    store = SubmissionStore(queue.redis, 60)
    assert store.claim(judged, "w1") is not None and store.claim(judged, "w2") is not None
    assert store.finish(judged, _result(100), "w2:2")
    assert not store.finish(judged, _result(0), "w1:1")

    audit = SubmissionAudit.connect(redis_url)
    done, queued, gone = audit.audits([judged, waiting, "missing"])
    assert (done.status, done.runs, done.finishes, done.finishes_refused) == (
        SubmissionStatus.DONE, 2, 1, 1)
    assert done.workers == ["w1", "w2"]
    assert done.result is not None and done.result.score == 100
    assert (queued.status, queued.runs, queued.finishes, queued.workers) == (
        SubmissionStatus.QUEUED, 0, 0, [])
    assert gone.status is None
    assert audit.statuses([judged, "missing"]) == [SubmissionStatus.DONE, None]
