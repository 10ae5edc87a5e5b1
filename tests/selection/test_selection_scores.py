"""Problem scores (limited, unlimited, best single), year totals, medals, bad input."""

from collections.abc import Callable

import pytest

from judge.selection import (
    Candidate,
    Medal,
    MedalThresholds,
    SelectionError,
    select,
    select_all,
    year_report,
)
from judge.wire.results import (
    CompileInfo,
    CompileStatus,
    SubmissionResult,
    SubtaskResult,
    TestResult,
    Verdict,
)

Make = Callable[..., Candidate]


def test_unlimited_and_best_single_scores(cand: Make) -> None:
    # u scores s1 (10) and half of s3 (30); v scores s2 (30) and s3 (60).
    # best single = max(40, 90) = 90; unlimited = 10 + 30 + 60 = 100.
    # limit 1: s3 group = [u (samples 1, 90), v (1, 20)] -> u alone: 40.
    cands = [
        cand("v", "s3", [1, 0, 1, 1], 20),
        cand("u", "s3", [1, 1, 0, 0.5], 90),
    ]
    for mode in ("ioi", "open-r1-compat"):
        sel = select(cands, limit=1, mode=mode)
        assert sel.selected == ["u"]
        assert (sel.score, sel.unlimited_score, sel.best_single_score) == (40.0, 100.0, 90.0)
        assert sel.max_score == 100.0
        assert [b.score for b in sel.subtasks] == [0.0, 10.0, 0.0, 30.0]


def test_subtask_points_rounded_to_precision(cand: Make) -> None:
    # Precision 1: s1 1/3 x 10 = 3.3, s2 1/3 x 30 = 10.0, s3 2/3 x 60 = 40.0; a second
    # candidate gets s1 0.35 x 10 = 3.5 (best), s2 0.3 x 30 = 9.0. Sum 3.5 + 10 + 40.
    third, two_thirds = 1 / 3, 2 / 3
    cands = [
        cand("a", "s3", [1, third, third, two_thirds], 1, precision=1),
        cand("b", "s3", [1, 0.35, 0.3, 0], 2, precision=1),
    ]
    sel = select(cands, limit=50)
    assert [b.score for b in sel.subtasks] == [0.0, 3.5, 10.0, 40.0]
    assert [b.candidate_id for b in sel.subtasks] == [None, "b", "a", "a"]
    assert sel.score == 53.5
    assert sel.best_single_score == 53.3


def _year(cand: Make) -> list[Candidate]:
    # 2024: p1 100 (one full solution); p2 45 (b: s1 10 + s2 30, c: s3 1/12 x 60 = 5),
    # best single 40; p3 0 (only a compile error); warmup (practice) 100. 2023: p1 100.
    return [
        cand("a", "s3", [1, 1, 1, 1], 5, problem="p1"),
        cand("b", "s2", [1, 1, 1, 0], 5, problem="p2"),
        cand("c", "s3", [1, 0, 0, 1 / 12], 5, problem="p2"),
        cand("d", "s1", [0, 0, 0, 0], 5, problem="p3", compiles=False),
        cand("e", "s3", [1, 1, 1, 1], 5, problem="warmup", day="practice"),
        cand("f", "s3", [1, 1, 1, 1], 5, problem="p1", year=2023),
    ]


def test_year_total_excludes_practice_and_other_years(cand: Make) -> None:
    selections = select_all(_year(cand))
    assert [(s.year, s.problem_id) for s in selections] == [
        (2024, "p1"),
        (2024, "p2"),
        (2024, "p3"),
        (2024, "warmup"),
        (2023, "p1"),
    ]
    report = year_report(2024, selections)
    assert [s.score for s in report.problems] == [100.0, 45.0, 0.0, 100.0]
    assert report.practice == ["warmup"]
    assert report.total == 145.0 and report.unlimited_total == 145.0
    assert report.best_single_total == 100.0 + 40.0 + 0.0
    assert report.out_of == 600.0
    assert report.medal is None
    assert year_report(2023, selections).total == 100.0
    # A practice problem may also be named explicitly.
    assert year_report(2024, selections, practice={"p1"}).total == 45.0


@pytest.mark.parametrize(
    ("gold", "silver", "bronze", "medal"),
    [
        (145.0, 100.0, 50.0, Medal.GOLD),  # a total equal to a threshold earns it
        (146.0, 145.0, 50.0, Medal.SILVER),
        (300.0, 200.0, 145.0, Medal.BRONZE),
        (300.0, 200.0, 145.01, Medal.NONE),
    ],
)
def test_medals(cand: Make, gold: float, silver: float, bronze: float, medal: Medal) -> None:
    thresholds = MedalThresholds(gold=gold, silver=silver, bronze=bronze)
    report = year_report(2024, select_all(_year(cand)), thresholds)
    assert report.medal is medal
    assert report.unlimited_medal is medal


def test_medal_thresholds_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="gold >= silver >= bronze"):
        MedalThresholds(gold=100, silver=200, bronze=50)


def test_bad_input_is_a_clear_error(cand: Make) -> None:
    ok = cand("a", "s1", [1, 0, 0, 0])
    with pytest.raises(SelectionError, match="unknown selection mode"):
        select([ok], mode="best")
    with pytest.raises(SelectionError, match="unknown subtask 'nope'"):
        select([ok, cand("b", "nope", [1, 0, 0, 0])])
    with pytest.raises(SelectionError, match="several problems"):
        select([ok, cand("b", "s1", [1, 0, 0, 0], problem="q")])
    with pytest.raises(SelectionError, match="lists subtasks"):
        select([ok, cand("b", "s1", [1, 0], subtasks={"samples": 0, "s1": 100})])
    with pytest.raises(SelectionError, match="duplicate candidate ids"):
        select([ok, ok])
    with pytest.raises(SelectionError, match="no candidates"):
        select([])


def test_only_failed_candidates_score_zero(cand: Make) -> None:
    # No candidate has results: nothing to select from, every score is 0.
    k = Candidate(id="k", problem_id="p", target_subtask="s1", compile_ok=False)
    sel = select([cand("n", "s1", None), k])
    assert (sel.selected, sel.score, sel.unlimited_score, sel.eligible) == ([], 0.0, 0.0, 0)


def test_candidate_from_submission_result() -> None:
    # samples (0 points) passed; s1: tests t1 (1.0) and t2 (0.5) -> fraction 0.5, 5 of 10.
    def test(name: str, score: float) -> TestResult:
        return TestResult(name=name, status=Verdict.AC if score == 1 else Verdict.PA, score=score)

    result = SubmissionResult(
        problem="p",
        problem_version="v1",
        language="cpp17",
        compile=CompileInfo(status=CompileStatus.OK),
        score=5.0,
        max_score=10.0,
        subtasks=[
            SubtaskResult(
                name="samples", index=0, max_score=0, score=0, status=Verdict.AC, tests=["t0"]
            ),
            SubtaskResult(
                name="s1", index=1, max_score=10, score=5.0, status=Verdict.PA, tests=["t1", "t2"]
            ),
        ],
        tests=[test("t0", 1.0), test("t1", 1.0), test("t2", 0.5)],
    )
    c = Candidate.from_submission("x", "s1", result, output_tokens=7, year=2024)
    assert [(r.name, r.fraction, r.score) for r in c.results] == [
        ("samples", 1.0, 0.0),
        ("s1", 0.5, 5.0),
    ]
    assert c.eligible and c.total == 5.0 and c.reasoning_length == 7 and c.year == 2024


def test_candidate_keeps_the_judged_fraction() -> None:
    # 1/3 of a 7-point subtask: 2.33 points, but the fraction stays exactly 1/3.
    sub = SubtaskResult(name="s1", index=1, max_score=7, score=2.33, fraction=1 / 3,
                        status=Verdict.PA, tests=["t1"])
    result = SubmissionResult(
        problem="p", problem_version="v1", language="cpp17",
        compile=CompileInfo(status=CompileStatus.OK), score=2.33, max_score=7.0,
        subtasks=[sub], tests=[TestResult(name="t1", status=Verdict.PA, score=1 / 3)],
    )
    c = Candidate.from_submission("x", "s1", result)
    assert [(r.fraction, r.score) for r in c.results] == [(1 / 3, 2.33)]
