"""Communication judged as CMS judges it, on a task of our own: a manager that
sends each of ``n`` contestant processes a number and wants ``2x + index`` back.

With 64 processes that each stay far under the time limit but together pass
it, per-process limits would accept and CMS's summed CPU time rejects (TLE).
Also: the order in which a failing process, a failing manager and the
manager's score are decided, and ``alone`` compilation."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.grading.evaluate import EvaluateOptions, Evaluator
from judge.grading.tasktypes.base import JudgeEnv, Submission
from judge.problems import Problem, Subtask, TaskType, TestCase
from judge.problems.model import CommunicationParams, GraderFiles, TrustedProgram
from judge.problems.store import ProblemStore, StoredProblem
from judge.wire.results import SubmissionResult, Verdict

# Input: a seed and a mode. Mode 1: a missing or wrong answer makes the manager
# itself fail (exit code 3), to check that a manager failure outranks the
# contestant's. FIFOs are opened m_to_u then u_to_m, the order in which the
# sandbox opens a process's stdin and stdout.
MANAGER = r"""
#include <csignal>
#include <cstdio>
#include <vector>
int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    int n = (argc - 1) / 2, seed = 0, mode = 0;
    if (scanf("%d %d", &seed, &mode) != 2) return 2;
    std::vector<FILE *> to(n), from(n);
    for (int i = 0; i < n; i++) {
        to[i] = fopen(argv[2 + 2 * i], "w");
        from[i] = fopen(argv[1 + 2 * i], "r");
        if (!to[i] || !from[i]) return 2;
    }
    for (int i = 0; i < n; i++) { fprintf(to[i], "%d\n", seed + i); fflush(to[i]); }
    int right = 0;
    for (int i = 0; i < n; i++) {
        long long r;
        if (fscanf(from[i], "%lld", &r) == 1 && r == 2LL * (seed + i) + i) right++;
    }
    if (mode == 1 && right < n) return 3;
    printf("%d\n", right == n ? 1 : 0);
    fprintf(stderr, "%d of %d answers right\n", right, n);
}
"""

STUB = r"""
#include <cstdio>
#include <cstdlib>
long long answer(int x, int index);
int main(int argc, char **argv) {
    int index = argc > 1 ? atoi(argv[1]) : 0, x;
    if (scanf("%d", &x) != 1) return 1;
    printf("%lld\n", answer(x, index));
    fflush(stdout);
}
"""


def _solution(burn_ms: int = 0, crash_index: int = -1) -> str:
    """Answers right after ``burn_ms`` of CPU time; process ``crash_index`` aborts."""
    return f"""
#include <cstdlib>
#include <ctime>
long long answer(int x, int index) {{
    if (index == {crash_index}) std::abort();
    std::clock_t end = std::clock() + CLOCKS_PER_SEC / 1000 * {burn_ms};
    while (std::clock() < end) {{}}
    return 2LL * x + index;
}}
"""


ALONE = r"""
#include <cstdio>
#include <cstdlib>
int main(int argc, char **argv) {
    int index = atoi(argv[1]), x;
    if (scanf("%d", &x) != 1) return 1;
    printf("%lld\n", 2LL * x + index);
}
"""


def _problem(
    root: Path, n: int, inputs: list[str], compilation: str = "stub", time_limit: float = 1.0
) -> StoredProblem:
    store = ProblemStore(root / "problems")
    tests = [TestCase(name=f"t{i}", input=f"tests/t{i}.in") for i in range(len(inputs))]
    problem = Problem(
        id=f"echo{n}{compilation}",
        name="Echo",
        task_type=TaskType.COMMUNICATION,
        time_limit=time_limit,
        memory_limit=64 << 20,
        communication=CommunicationParams(num_processes=n, compilation=compilation),  # type: ignore[arg-type]
        graders={"cpp": GraderFiles(sources=["graders/stub.cpp"])},
        manager=TrustedProgram(source="graders/manager.cpp"),
        tests=tests,
        subtasks=[Subtask(name="all", index=0, max_score=100, tests=[t.name for t in tests])],
    )
    with store.staging() as staged:
        (staged / "tests").mkdir()
        (staged / "graders").mkdir()
        for test, text in zip(tests, inputs, strict=True):
            (staged / test.input).write_text(text)
        (staged / "graders" / "stub.cpp").write_text(STUB)
        (staged / "graders" / "manager.cpp").write_text(MANAGER)
        return store.add(staged, problem)


def _judge(env: JudgeEnv, stored: StoredProblem, source: str) -> SubmissionResult:
    submission = Submission(language="cpp17", source=source)
    options = EvaluateOptions(early_stop=False, concurrency=2)
    return Evaluator(env).evaluate(stored, submission, options)


@pytest.fixture(scope="module")
def sixty_four(tmp_path_factory: pytest.TempPathFactory) -> StoredProblem:
    return _problem(tmp_path_factory.mktemp("comm64"), 64, ["100 0\n", "7 0\n"])


@pytest.mark.slow
def test_64_processes_summed_cpu_time_over_the_limit_is_tle(
    env: JudgeEnv, sixty_four: StoredProblem
) -> None:
    """Each process burns 20 ms (1/50 of the limit); together 1.3 s >= 1 s."""
    result = _judge(env, sixty_four, _solution(burn_ms=20))
    for test in result.tests:
        assert test.status is Verdict.TLE, test.message
        assert test.message == "Time limit exceeded (cpu, 64 processes summed)"
        assert test.cpu_time >= sixty_four.problem.time_limit
    assert result.score == 0


@pytest.mark.slow
def test_64_processes_summed_cpu_time_under_the_limit_is_ac(
    env: JudgeEnv, sixty_four: StoredProblem
) -> None:
    """Two tests of 65 boxes each, judged in parallel: the slots do not run out."""
    result = _judge(env, sixty_four, _solution())
    for test in result.tests:
        assert test.status is Verdict.AC, test.message
        assert test.message == "64 of 64 answers right"
        assert 0 < test.cpu_time < sixty_four.problem.time_limit
        assert test.memory > 0
    assert result.score == 100


def test_first_failing_process_decides_before_the_manager_score(
    env: JudgeEnv, tmp_path: Path
) -> None:
    """Process 2 aborts: the manager still scores 0 by itself, but CMS reports
    the contestant's failure."""
    stored = _problem(tmp_path, 4, ["5 0\n"])
    result = _judge(env, stored, _solution(crash_index=2))
    (test,) = result.tests
    assert test.status is Verdict.RE
    assert test.message.startswith("process 2: ")


def test_manager_failure_outranks_the_contestant_failure(env: JudgeEnv, tmp_path: Path) -> None:
    stored = _problem(tmp_path, 4, ["5 1\n"])
    result = _judge(env, stored, _solution(crash_index=2))
    (test,) = result.tests
    assert test.status is Verdict.SE
    assert test.message == "manager failed: Exited with code 3"


def test_alone_compilation_needs_no_stub(env: JudgeEnv, tmp_path: Path) -> None:
    stored = _problem(tmp_path, 2, ["40 0\n"], compilation="alone")
    result = _judge(env, stored, ALONE)
    assert [t.status for t in result.tests] == [Verdict.AC]
    stub_only = _judge(env, stored, _solution())  # no main(): a link error when alone
    assert stub_only.compile.status.value == "CE"
