import pytest

from judge.grading.scoring import score_subtasks, verdict_for_score
from judge.problems.model import Problem, Subtask, TaskType, TestCase
from judge.wire.results import SubtaskResult, TestResult, Verdict


def _problem(precision: int = 2) -> Problem:
    tests = [TestCase(name=n, input=f"tests/{n}.in", output=f"tests/{n}.out") for n in "abcd"]
    subtasks = [
        Subtask(name="samples", index=0, max_score=0, tests=["a"]),
        Subtask(name="small", index=1, max_score=30, tests=["a", "b"]),
        Subtask(name="full", index=2, max_score=70, tests=["a", "b", "c", "d"]),
    ]
    return Problem(
        id="p", name="P", task_type=TaskType.BATCH, time_limit=1, memory_limit=1 << 28,
        score_precision=precision, tests=tests, subtasks=subtasks,
    )


def _res(name: str, status: Verdict, score: float) -> TestResult:
    return TestResult(name=name, status=status, score=score)


def _partial_results() -> dict[str, TestResult]:
    return {
        "a": _res("a", Verdict.AC, 1.0),
        "b": _res("b", Verdict.PA, 0.123456),
        "c": _res("c", Verdict.AC, 1.0),
        "d": _res("d", Verdict.PA, 0.5),
    }


def test_subtask_is_min_times_max_score_rounded() -> None:
    p = _problem(precision=2)
    results = _partial_results()
    scored, total = score_subtasks(p, p.subtasks, results)
    assert [s.score for s in scored] == [0.0, 3.7, 8.64]
    assert [s.status for s in scored] == [Verdict.AC, Verdict.PA, Verdict.PA]
    # CMS rounds the exact sum 3.70368 + 8.64192 = 12.3456, not 3.7 + 8.64.
    assert total == 12.35


@pytest.mark.parametrize(("precision", "subtasks", "total"), [
    (2, [3.33, 3.33], 6.67),  # 1/3 of 10 twice: 6.666..., rounded subtasks sum to 6.66
    (0, [0.0, 0.0], 1.0),  # 0.4 and 0.45 points: each rounds to 0, the sum 0.85 to 1
])
def test_the_total_rounds_the_exact_sum_not_the_rounded_subtasks(
    precision: int, subtasks: list[float], total: float
) -> None:
    tests = [TestCase(name=n, input=f"tests/{n}.in") for n in "ab"]
    third = precision == 2
    p = Problem(
        id="p", name="P", task_type=TaskType.BATCH, time_limit=1, memory_limit=1 << 28,
        score_precision=precision, tests=tests,
        subtasks=[Subtask(name="x", index=1, max_score=10 if third else 1, tests=["a"]),
                  Subtask(name="y", index=2, max_score=10 if third else 1, tests=["b"])],
    )
    a, b = (1 / 3, 1 / 3) if third else (0.4, 0.45)
    results = {"a": _res("a", Verdict.PA, a), "b": _res("b", Verdict.PA, b)}
    scored, got = score_subtasks(p, p.subtasks, results)
    assert [s.score for s in scored] == subtasks
    assert got == total
    assert got != round(sum(subtasks), precision)


def test_worst_verdict_and_missing_tests_are_skipped() -> None:
    p = _problem()
    results = {"a": _res("a", Verdict.AC, 1.0), "b": _res("b", Verdict.TLE, 0.0)}
    scored, total = score_subtasks(p, p.subtasks, results)
    assert scored[1].status is Verdict.TLE
    assert scored[2].status is Verdict.TLE  # TLE is worse than the SKIPPED c and d
    assert total == 0.0
    only_full, _ = score_subtasks(p, [p.subtasks[2]], {"a": _res("a", Verdict.AC, 1.0)})
    assert only_full[0].status is Verdict.SKIPPED


def test_verdict_for_score() -> None:
    assert verdict_for_score(1.0) is Verdict.AC
    assert verdict_for_score(0.3) is Verdict.PA
    assert verdict_for_score(0.0) is Verdict.WA


def test_fraction_is_the_unrounded_min_of_the_tests() -> None:
    p = _problem(precision=2)
    results = _partial_results()
    scored, _ = score_subtasks(p, p.subtasks, results)
    assert [s.fraction for s in scored] == [1.0, 0.123456, 0.123456]
    only_full, _ = score_subtasks(p, [p.subtasks[2]], {"a": _res("a", Verdict.AC, 1.0)})
    assert only_full[0].fraction == 0.0  # tests not run count 0


def test_results_without_a_fraction_still_read() -> None:
    # Stored before SubtaskResult.fraction existed: score / max_score, or for a
    # 0-point subtask 1 when accepted.
    old = {"name": "s", "index": 1, "max_score": 40, "score": 10, "status": "PA", "tests": []}
    assert SubtaskResult.model_validate(old).fraction == 0.25
    samples = {**old, "max_score": 0, "score": 0}
    assert SubtaskResult.model_validate({**samples, "status": "AC"}).fraction == 1.0
    assert SubtaskResult.model_validate({**samples, "status": "WA"}).fraction == 0.0
    assert SubtaskResult.model_validate({**old, "fraction": 0.3}).fraction == 0.3
