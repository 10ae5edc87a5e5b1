"""The category check of ``problems verify``: score promise vs verdict promise."""

from __future__ import annotations

from judge.grading.promises import (
    check_category,
    expectations,
    expected_per_subtask,
    subtask_outcomes,
)
from judge.problems.model import Problem, ReferenceSolution, Subtask, TestCase
from judge.wire.results import (
    CompileInfo,
    CompileStatus,
    SubmissionResult,
    SubtaskResult,
    TestResult,
    Verdict,
)


def result(score: float, *verdicts: Verdict) -> SubmissionResult:
    tests = [TestResult(name=f"t{i}", status=v, score=1.0 if v is Verdict.AC else 0.0)
             for i, v in enumerate(verdicts)]
    return SubmissionResult(problem="p", problem_version="v", language="cpp17",
                            compile=CompileInfo(status=CompileStatus.OK), score=score,
                            max_score=100, subtasks=[], tests=tests)


def test_correct_needs_full_score() -> None:
    assert check_category("correct", result(100, Verdict.AC)).score_ok
    check = check_category("model_solution", result(99, Verdict.AC, Verdict.WA))
    assert not check.score_ok and "full score" in check.reason


def test_failing_category_with_full_score_fails_the_score_promise() -> None:
    check = check_category("time_limit", result(100, Verdict.AC))
    assert not check.score_ok and not check.verdict_ok


def test_named_verdict_seen_keeps_both_promises() -> None:
    check = check_category("time_limit", result(0, Verdict.AC, Verdict.TLE))
    assert check.score_ok and check.verdict_ok and not check.reason


def test_other_verdict_is_a_note_not_a_score_failure() -> None:
    check = check_category("runtime_error", result(0, Verdict.AC, Verdict.WA))
    assert check.score_ok and not check.verdict_ok
    assert "expected some test RE" in check.reason and "WA" in check.reason


def test_memory_limit_accepts_re_from_a_failed_allocation() -> None:
    assert check_category("memory_limit", result(0, Verdict.RE)).verdict_ok
    assert check_category("memory_limit", result(0, Verdict.MLE)).verdict_ok
    assert not check_category("memory_limit", result(0, Verdict.TLE)).verdict_ok


def test_unknown_category_is_not_checked() -> None:
    check = check_category("surprising", result(3, Verdict.WA))
    assert check.score_ok and check.verdict_ok and "unknown category" in check.reason


def test_a_subtask_in_a_correct_solutions_name() -> None:
    problem = Problem(
        id="p", name="p", task_type="Batch", time_limit=1, memory_limit=1 << 20,
        tests=[TestCase(name="t", input="t.in")],
        subtasks=[Subtask(name=f"s{i}", index=i, max_score=10, tests=["t"]) for i in range(11)],
    )

    def found(path: str, category: str = "correct") -> list[int]:
        solution = ReferenceSolution(path=path, category=category, language="cpp17")
        return [e.index for e in expectations(solution, problem)]

    assert found("solutions/correct/sol_sub3.cpp") == [3]
    assert found("solutions/correct/a_st2_b.cpp") == [2]
    assert found("solutions/correct/sub6-6k.cpp") == [6]
    assert found("solutions/correct/sub2a.cpp") == [2]
    assert found("solutions/correct/subtask10.cpp") == [10]
    for not_a_subtask in ("substring.cpp", "best2.cpp", "N2.cpp", "sub12.cpp"):
        assert found(f"solutions/correct/{not_a_subtask}") == [], not_a_subtask
    assert found("solutions/incorrect/sol_sub3.cpp", "incorrect") == []


def test_a_compile_error_breaks_full_score_and_named_verdicts_only() -> None:
    broken = result(0)
    broken.compile = CompileInfo(status=CompileStatus.CE,
                                 message="sol.cpp: In function 'f':\nsol.cpp:3: error: 'views'")
    correct = check_category("correct", broken)
    assert not correct.score_ok and "compilation CE: sol.cpp:3: error" in correct.reason
    partial = check_category("partially_correct", broken)
    assert partial.score_ok and not partial.verdict_ok
    assert partial.reason.startswith("expected some test PA, saw compilation CE")
    assert check_category("failed", broken).verdict_ok


def _three_subtasks() -> Problem:
    return Problem(
        id="p", name="p", task_type="Batch", time_limit=1, memory_limit=1 << 20,
        tests=[TestCase(name=f"t{i}", input=f"t{i}.in") for i in range(3)],
        subtasks=[Subtask(name=f"s{i}", index=i, max_score=10, tests=[f"t{i}"])
                  for i in range(3)],
    )


def test_expected_per_subtask_covers_every_subtask() -> None:
    problem = _three_subtasks()

    def expected(path: str, category: str, **per_subtask: str) -> dict[str, str | None]:
        solution = ReferenceSolution(path=path, category=category, language="cpp17",
                                     subtask_categories=per_subtask)
        return expected_per_subtask(solution, problem)

    assert expected("model.cpp", "model_solution") == dict.fromkeys(
        ("s0", "s1", "s2"), "model_solution")
    # Named in the file name: correct there, no promise elsewhere.
    assert expected("correct/sub1.cpp", "correct") == {"s0": None, "s1": "correct", "s2": None}
    # TPS `except`: the package's own, the category for the rest.
    assert expected("slow.cpp", "time_limit", s0="correct") == {
        "s0": "correct", "s1": "time_limit", "s2": "time_limit"}


def test_subtask_outcomes_name_the_deciding_test() -> None:
    tests = [TestResult(name="t0", status=Verdict.AC, score=1.0, message="ok"),
             TestResult(name="t1", status=Verdict.PA, score=0.5, message="half"),
             TestResult(name="t2", status=Verdict.WA, score=0.0, message="wrong")]
    subtasks = [SubtaskResult(name="s", index=0, max_score=10, score=0, status=Verdict.WA,
                              tests=["t0", "t1", "t2"]),
                SubtaskResult(name="easy", index=1, max_score=5, score=5, status=Verdict.AC,
                              tests=["t0"])]
    judged = SubmissionResult(problem="p", problem_version="v", language="cpp17",
                              compile=CompileInfo(status=CompileStatus.OK), score=5,
                              max_score=15, subtasks=subtasks, tests=tests)
    hard, easy = subtask_outcomes(judged)
    assert (hard.verdict, hard.test, hard.message) == (Verdict.WA, "t2", "wrong")
    assert (easy.verdict, easy.test, easy.score) == (Verdict.AC, None, 5)
    judged.compile = CompileInfo(status=CompileStatus.CE, message="a.cpp:1: error: no")
    assert subtask_outcomes(judged)[1].message == "a.cpp:1: error: no"
