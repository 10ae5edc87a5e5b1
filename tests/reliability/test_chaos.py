"""Chaos: a load run (:mod:`bench.reliability`) during which a random
worker is SIGKILLed and replaced every 2 seconds, Redis (append-only file,
``appendfsync always``) is SIGKILLed and restarted once and the API restarted
once. At the end every submission is ``done`` exactly once (one result write)
with the verdict it deserves; re-executions happen only for jobs whose worker
was killed.

CI runs 200; ``JUDGE_RELIABILITY_SUBMISSIONS=10000`` runs the full size."""

from __future__ import annotations

import os

import pytest
from shared_data import shared

from bench.reliability import LoadOptions, run_load_bench

pytestmark = pytest.mark.slow
SUBMISSIONS = int(os.environ.get("JUDGE_RELIABILITY_SUBMISSIONS", "200"))


@pytest.mark.timeout(max(600, SUBMISSIONS))
def test_kills_and_restarts_lose_and_repeat_nothing() -> None:
    report = run_load_bench(LoadOptions(submissions=SUBMISSIONS, workers=2, chaos=True,
                                        kill_every=2.0, packages=shared("ioi2024")))
    print(report.model_dump_json(indent=2))
    assert report.faults.redis_restarts == 1 and report.faults.api_restarts == 1
    assert report.faults.worker_kills >= 3
    assert (report.lost, report.wrong_verdict, report.judged_twice) == (0, 0, 0), report
    assert report.done == SUBMISSIONS
    # Every execution beyond the first of a submission followed a kill of its worker.
    assert report.executions == SUBMISSIONS + report.reruns_after_kill
    assert report.http_5xx == report.http_5xx_while_redis_down
