"""Where the modes round: ``ioi`` sums exact points and rounds once, as CMS's
``max_subtask`` score and its display do; ``open-r1-compat`` sums points each
rounded first, as open-r1's ``weighted_score``."""

from collections.abc import Callable

from judge.selection import Candidate, select

Make = Callable[..., Candidate]


def test_ioi_rounds_the_sum_open_r1_each_subtask(cand: Make) -> None:
    # Precision 0: s1 0.04 x 10 = 0.4 and s2 0.015 x 30 = 0.45 each round to 0
    # points, but together they are 0.85 points, which rounds to 1.
    a = cand("a", "s3", [1, 0.04, 0.015, 0], precision=0)
    ioi = select([a], mode="ioi")
    compat = select([a], mode="open-r1-compat")
    assert (ioi.score, ioi.unlimited_score, ioi.best_single_score) == (1.0, 1.0, 1.0)
    assert (compat.score, compat.unlimited_score, compat.best_single_score) == (0.0, 0.0, 0.0)
    assert [b.score for b in ioi.subtasks] == [0.0, 0.0, 0.0, 0.0]  # shown rounded
    assert a.total == 1.0 and a.total_score(exact=False) == 0.0


def test_ioi_takes_the_best_exact_points_per_subtask(cand: Make) -> None:
    # Precision 1, s1 worth 10: b's 0.334 (3.34 points) beats a's 0.333 (3.33),
    # both shown as 3.3; with s2's 1/3 x 30 = 10 the sum 13.34 rounds to 13.3.
    # open-r1 sees a tie at 3.3 and keeps the first: 3.3 + 10.0.
    a = cand("a", "s3", [1, 0.333, 1 / 3, 0], 2, precision=1)
    b = cand("b", "s3", [1, 0.334, 0, 0], 1, precision=1)
    ioi = select([a, b], mode="ioi")
    compat = select([a, b], mode="open-r1-compat")
    assert [x.candidate_id for x in ioi.subtasks][1] == "b"
    assert [x.candidate_id for x in compat.subtasks][1] == "a"
    assert ioi.subtasks[1].score == compat.subtasks[1].score == 3.3
    assert ioi.score == 13.3 and compat.score == 13.3
