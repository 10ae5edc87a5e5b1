"""Load: N submissions of a mix with known verdicts (correct, WA, TLE, MLE, CE in
C++ and Python on a small stdin/stdout problem; IOI 2024 aplusb, machine and
message reference solutions on one subtask) queued at once against 2 workers
(:mod:`bench.reliability`). Every one must end ``done`` exactly once with
the verdict it deserves, with no 5xx answer.

CI runs 300; ``JUDGE_RELIABILITY_SUBMISSIONS=10000`` runs the full size (about
25 minutes on 2 cores; see docs/reliability.md)."""

from __future__ import annotations

import os

import pytest
from shared_data import shared

from bench.reliability import LoadOptions, run_load_bench

pytestmark = pytest.mark.slow
SUBMISSIONS = int(os.environ.get("JUDGE_RELIABILITY_SUBMISSIONS", "300"))


@pytest.mark.timeout(max(600, SUBMISSIONS))
def test_every_submission_is_judged_once_with_its_verdict() -> None:
    report = run_load_bench(LoadOptions(submissions=SUBMISSIONS, workers=2,
                                        packages=shared("ioi2024")))
    print(report.model_dump_json(indent=2))
    assert report.submissions == SUBMISSIONS
    assert (report.lost, report.wrong_verdict, report.judged_twice) == (0, 0, 0), report
    assert report.done == SUBMISSIONS
    assert report.executions == SUBMISSIONS  # nothing was judged twice, even wastefully
    assert report.results_refused == 0
    assert report.http_5xx == 0 and report.connection_errors == 0
    assert report.redis_peak_used_memory_bytes > 0
    assert report.get.requests > 0 and report.post.requests >= 20
