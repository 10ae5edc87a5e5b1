"""Threads: refused by default as CMS refuses them (one process), with a verdict
message that says so; allowed by ``Settings.user_processes``, and then the CPU
time of every thread counts against the limit."""

from __future__ import annotations

import dataclasses

import pytest

from judge.grading.evaluate import Evaluator
from judge.grading.tasktypes.base import JudgeEnv, Submission
from judge.problems.store import StoredProblem
from judge.wire.results import TestResult, Verdict

CPP_THREAD = r"""
#include <cstdio>
#include <thread>
int main() {
    std::thread t([] {});
    t.join();
    std::puts("ok");
}
"""

PY_THREAD = """
import threading
t = threading.Thread(target=lambda: None)
t.start()
t.join()
print("ok")
"""

# Two threads burning 0.3 s of CPU time each: each under the 0.5 s limit, together over it.
CPP_TWO_BURNERS = r"""
#include <cstdio>
#include <ctime>
#include <thread>
static void burn() {
    timespec t;
    do clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    while (t.tv_sec * 1000 + t.tv_nsec / 1000000 < 300);
}
int main() {
    std::thread a(burn), b(burn);
    a.join();
    b.join();
    std::puts("ok");
}
"""

BOTH = [("cpp17", CPP_THREAD), ("python3", PY_THREAD)]
REFUSED = "could not start a thread or process: this task allows 1 process"


@pytest.fixture(scope="module")
def threaded_env(env: JudgeEnv) -> JudgeEnv:
    settings = env.settings.model_copy(update={"user_processes": 4})
    return dataclasses.replace(env, settings=settings)


def _judge(env: JudgeEnv, stored: StoredProblem, language: str, source: str) -> TestResult:
    result = Evaluator(env).evaluate(stored, Submission(language=language, source=source))
    assert result.compile.ok, result.compile.message
    (test,) = result.tests
    return test


@pytest.mark.parametrize(("language", "source"), BOTH, ids=["cpp", "python"])
def test_a_thread_is_refused_by_default_with_a_message(
    env: JudgeEnv, plain: StoredProblem, language: str, source: str
) -> None:
    assert env.settings.user_processes == 1
    test = _judge(env, plain, language, source)
    assert test.status is Verdict.RE
    assert test.message.startswith(REFUSED), test.message
    assert "signal 6" not in test.message


@pytest.mark.parametrize(("language", "source"), BOTH, ids=["cpp", "python"])
def test_threads_run_when_the_deployment_allows_them(
    threaded_env: JudgeEnv, plain: StoredProblem, language: str, source: str
) -> None:
    test = _judge(threaded_env, plain, language, source)
    assert test.status is Verdict.AC, test.message


def test_allowed_threads_sum_their_cpu_time(threaded_env: JudgeEnv, plain: StoredProblem) -> None:
    test = _judge(threaded_env, plain, "cpp17", CPP_TWO_BURNERS)
    assert test.status is Verdict.TLE, test.message
    assert test.cpu_time >= plain.problem.time_limit  # 2 x 0.3 s, though no thread reached 0.5 s
