"""Service metrics, kept in Redis so that every worker process, on any host,
reports into the numbers the API exposes at ``/metrics`` (Prometheus text).

Workers add to counters and histogram buckets with one pipeline per finished
job (:class:`MetricsRecorder`); the API reads them at scrape time
(:class:`RedisCollector`) together with queue depths and the live worker count.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator

import redis
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from redis.client import Pipeline
from rq import Worker

from judge.service import isolation
from judge.service.connection import text
from judge.service.queue import JobQueue

COUNTERS_KEY = "judge:metrics:counters"
TESTS_PER_SECOND_KEY = "judge:metrics:tests:{}"
RATE_WINDOW_SECONDS = 60
# Submissions judged per minute (key: the minute's first second), kept two hours.
JUDGED_PER_MINUTE_KEY = "judge:metrics:judged:{}"
THROUGHPUT_MINUTES = 60
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0)
HISTOGRAMS = {
    "latency": ("judge_submission_latency_seconds", "Seconds from submit to result."),
    "judging": ("judge_judging_seconds", "Seconds a worker spent judging one submission."),
}


def _hist_key(name: str) -> str:
    return f"judge:metrics:hist:{name}"


def _bucket(value: float) -> str:
    for bound in LATENCY_BUCKETS:
        if value <= bound:
            return repr(bound)
    return "+Inf"


class MetricsRecorder:
    """Worker side: add one finished job's numbers (inside the caller's pipeline)."""

    def record_done(self, pipe: Pipeline, latency: float, judging: float, tests: int) -> None:
        pipe.hincrby(COUNTERS_KEY, "jobs_done", 1)
        pipe.hincrby(COUNTERS_KEY, "tests_run", tests)
        second_key = TESTS_PER_SECOND_KEY.format(int(time.time()))
        pipe.incrby(second_key, tests)
        pipe.expire(second_key, RATE_WINDOW_SECONDS * 2)
        minute_key = JUDGED_PER_MINUTE_KEY.format(int(time.time() // 60) * 60)
        pipe.incr(minute_key)
        pipe.expire(minute_key, THROUGHPUT_MINUTES * 60 * 2)
        self._observe(pipe, "latency", latency)
        self._observe(pipe, "judging", judging)

    def record_failed(self, pipe: Pipeline) -> None:
        pipe.hincrby(COUNTERS_KEY, "jobs_failed", 1)

    @staticmethod
    def _observe(pipe: Pipeline, name: str, value: float) -> None:
        key = _hist_key(name)
        pipe.hincrby(key, _bucket(value), 1)
        pipe.hincrbyfloat(key, "sum", value)
        pipe.hincrby(key, "count", 1)


def _decode(raw: dict[bytes, bytes]) -> dict[str, str]:
    return {text(k): text(v) for k, v in raw.items()}


class RedisCollector(Collector):
    """API side: read the shared numbers at scrape time."""

    def __init__(self, connection: redis.Redis, queue: JobQueue) -> None:
        self.redis = connection
        self.queue = queue

    def collect(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily("judge_queue_depth", "Jobs waiting, per priority.",
                                  labels=["priority"])
        for name, count in self.queue.depth().items():
            depth.add_metric([name], count)
        yield depth
        counters = _decode(self.redis.hgetall(COUNTERS_KEY))  # type: ignore[arg-type]
        for field, help_text in (
            ("jobs_done", "Submissions judged."),
            ("jobs_failed", "Submissions that ended in error (the judge's fault)."),
            ("tests_run", "Tests run."),
        ):
            yield CounterMetricFamily(f"judge_{field}", help_text,
                                      value=float(counters.get(field, 0)))
        yield GaugeMetricFamily("judge_tests_per_second",
                                f"Tests run per second, mean over {RATE_WINDOW_SECONDS}s.",
                                value=self._tests_per_second())
        yield GaugeMetricFamily("judge_workers_live", "Workers registered and alive.",
                                value=Worker.count(connection=self.redis))
        yield from self._isolation()
        for name, (metric, help_text) in HISTOGRAMS.items():
            yield self._histogram(name, metric, help_text)

    def _isolation(self) -> Iterator[Metric]:
        modes = isolation.live_modes(self.redis)
        per_mode = GaugeMetricFamily(
            "judge_workers_isolation", "Live workers per sandbox isolation mode.",
            labels=["mode"])
        for mode, count in modes.items():
            per_mode.add_metric([mode], count)
        yield per_mode
        yield GaugeMetricFamily(
            "judge_workers_degraded", "Live workers judging without cgroups (rlimits: "
            "memory by RLIMIT_AS, CPU by rusage).", value=modes[isolation.DEGRADED])

    def _tests_per_second(self) -> float:
        now = int(time.time())
        keys = [TESTS_PER_SECOND_KEY.format(now - i) for i in range(1, RATE_WINDOW_SECONDS + 1)]
        values = self.redis.mget(keys)
        return sum(int(v) for v in values if v) / RATE_WINDOW_SECONDS

    def _histogram(self, name: str, metric: str, help_text: str) -> HistogramMetricFamily:
        raw = _decode(self.redis.hgetall(_hist_key(name)))  # type: ignore[arg-type]
        buckets: list[tuple[str, float]] = []
        total = 0.0
        for bound in (*LATENCY_BUCKETS, math.inf):
            label = "+Inf" if bound == math.inf else repr(bound)
            total += float(raw.get(label, 0))
            buckets.append((label, total))
        return HistogramMetricFamily(
            metric, help_text, buckets=buckets, sum_value=float(raw.get("sum", 0.0))
        )
