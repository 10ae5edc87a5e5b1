"""Both selection modes on hand-made candidate sets; the expected picks are worked
out by hand in the comments (subtasks samples=0, s1=10, s2=30, s3=60 points unless
said otherwise; a candidate is "id: target, fractions per subtask, length")."""

from collections.abc import Callable

import pytest

from judge.selection import Candidate, SelectionError, select

Make = Callable[..., Candidate]
BOTH = ["ioi", "open-r1-compat"]


def _basic(cand: Make) -> list[Candidate]:
    return [
        cand("a", "s3", [1, 1, 1, 0], 100),
        cand("b", "s3", [1, 1, 1, 1], 50),
        cand("c", "s2", [1, 1, 1, 0], 10),
        cand("d", "s1", [1, 1, 0, 0], 300),
        cand("e", "s1", [0, 1, 0, 0], 999),
        cand("f", "s2", [0, 0, 0, 0], 5000, compiles=False),
    ]


def test_ioi_round_robin_skips_solved_and_fills(cand: Make) -> None:
    # Groups (samples score, length desc): s3=[a, b], s2=[c], s1=[d, e]; f (CE) dropped.
    # Pointer s3: take a -> solves samples, s1, s2. s2, s1, samples skipped (solved),
    # wrap to s3: take b -> solves s3. Nothing open. Fill by (samples, length, target):
    # d (1, 300), c (1, 10), e (0, 999) -> limit 3 takes d.
    sel = select(_basic(cand), limit=3, mode="ioi")
    assert sel.selected == ["a", "b", "d"]
    assert sel.score == 100.0
    assert [b.candidate_id for b in sel.subtasks] == [None, "a", "a", "b"]
    assert sel.eligible == 5 and sel.candidates == 6


def test_compat_stops_early_when_indices_fill_the_solved_set(cand: Make) -> None:
    # exhausted = {samples} (nobody targets it), solved = {"samples"}.
    # Pointer s3: take a; its rounded fractions are 1.0 at positions 0, 1, 2, so
    # solved = {"samples", 0, 1, 2}; |exhausted | solved| = 4 = #subtasks -> the round
    # robin ends although s3 is unsolved. Fill: d (1, 300, s1), b (1, 50, s3),
    # c (1, 10, s2), e (0, 999, s1).
    sel3 = select(_basic(cand), limit=3, mode="open-r1-compat")
    assert sel3.selected == ["a", "d", "b"]
    assert sel3.score == 100.0
    # With two slots the fill takes d, not b: s3 is never reached.
    sel2 = select(_basic(cand), limit=2, mode="open-r1-compat")
    assert sel2.selected == ["a", "d"]
    assert sel2.score == 40.0  # s1 10 + s2 30
    assert select(_basic(cand), limit=2, mode="ioi").score == 100.0  # a, b


def test_modes_differ_compat_never_skips_a_solved_subtask(cand: Make) -> None:
    # Subtasks samples=0, s1=40, s2=60. Samples fraction 0.5 keeps index 0 out of the
    # compat solved set, so its loop runs on.
    subtasks = {"samples": 0.0, "s1": 40.0, "s2": 60.0}
    cands = [
        cand("x", "s2", [0.5, 1, 0], 10, subtasks=subtasks),
        cand("y", "s2", [0.5, 1, 1], 5, subtasks=subtasks),
        cand("z", "s1", [0.5, 1, 0], 7, subtasks=subtasks),
    ]
    # ioi: s2 -> x (solves s1); s1 solved, skip; samples skip; s2 -> y. Score 40 + 60.
    ioi = select(cands, limit=2, mode="ioi")
    assert ioi.selected == ["x", "y"]
    assert ioi.score == 100.0
    # compat: s2 -> x, solved = {"samples", 1}; "s1" is not in it -> takes z (s1 is
    # already solved: a wasted slot); limit reached. Score 40.
    compat = select(cands, limit=2, mode="open-r1-compat")
    assert compat.selected == ["x", "z"]
    assert compat.score == 40.0


@pytest.mark.parametrize("mode", BOTH)
def test_wrap_around_and_exhausted_subtask(cand: Make, mode: str) -> None:
    # Nobody solves anything (all fractions 0), so only exhaustion stops the loop.
    # Groups: s3=[p1, p2], s2=[q1], s1=[r1, r2]. Pointer: s3 p1, s2 q1, s1 r1, samples
    # (solved), wrap: s3 p2, s2 exhausted, s1 r2; then everything is exhausted.
    cands = [
        cand("r2", "s1", [0, 0, 0, 0], 1),
        cand("p2", "s3", [0, 0, 0, 0], 1),
        cand("q1", "s2", [0, 0, 0, 0], 9),
        cand("r1", "s1", [0, 0, 0, 0], 9),
        cand("p1", "s3", [0, 0, 0, 0], 9),
    ]
    assert select(cands, limit=10, mode=mode).selected == ["p1", "q1", "r1", "p2", "r2"]
    assert select(cands, limit=4, mode=mode).selected == ["p1", "q1", "r1", "p2"]
    assert select(cands, limit=0, mode=mode).selected == []


@pytest.mark.parametrize("mode", BOTH)
def test_limit_binds(cand: Make, mode: str) -> None:
    # Subtasks samples=0, s1=50, s2=50; 30 candidates per target, all pass the samples.
    # Only t29 (target s2, shortest reasoning, so last in its group) solves anything.
    # Round robin alternates s2, s1 (samples solved): 50 picks = 25 from each group, so
    # t29 (26th of s2) is not picked: score 0. Unlimited and best single: 100.
    subtasks = {"samples": 0.0, "s1": 50.0, "s2": 50.0}
    cands = [cand(f"s{i}", "s1", [1, 0, 0], 100 - i, subtasks=subtasks) for i in range(30)]
    cands += [
        cand(f"t{i}", "s2", [1, 1, 1] if i == 29 else [1, 0, 0], 100 - i, subtasks=subtasks)
        for i in range(30)
    ]
    sel = select(cands, limit=50, mode=mode)
    assert len(sel.selected) == 50
    assert sel.selected[:4] == ["t0", "s0", "t1", "s1"]
    assert "t29" not in sel.selected
    assert (sel.score, sel.unlimited_score, sel.best_single_score) == (0.0, 100.0, 100.0)
    assert select(cands, limit=60, mode=mode).score == 100.0


@pytest.mark.parametrize("mode", BOTH)
def test_fill_order_samples_length_then_target_index(cand: Make, mode: str) -> None:
    # w solves everything on the first pick (both modes stop the round robin). Fill key
    # (samples, length, target index) desc: u (1, 30, 3), y (1, 20, 3), x (1, 20, 1),
    # z (1, 20, 0), v (0, 1000, 1).
    cands = [
        cand("x", "s1", [1, 0, 0, 0], 20),
        cand("z", "samples", [1, 0, 0, 0], 20),
        cand("y", "s3", [1, 0, 0, 0], 20),
        cand("v", "s1", [0, 0, 0, 0], 1000),
        cand("w", "s3", [1, 1, 1, 1], 50),
        cand("u", "s3", [1, 0, 0, 0], 30),
    ]
    assert select(cands, limit=10, mode=mode).selected == ["w", "u", "y", "x", "z", "v"]
    assert select(cands, limit=4, mode=mode).selected == ["w", "u", "y", "x"]


@pytest.mark.parametrize("mode", BOTH)
def test_output_tokens_preferred_over_generation_length(cand: Make, mode: str) -> None:
    # p: 100 tokens (its 5 characters are ignored); q: no token count, 500 characters.
    # Equal samples scores, so q (500) goes before p (100); n ties with p and keeps
    # its input order after p.
    cands = [
        cand("p", "s1", [1, 0, 0, 0], 5, tokens=100),
        cand("n", "s1", [1, 0, 0, 0], 100),
        cand("q", "s1", [1, 0, 0, 0], 500),
    ]
    assert select(cands, limit=3, mode=mode).selected == ["q", "p", "n"]


def test_no_code_and_ce_dropped_by_both(cand: Make) -> None:
    # n has no code but a long (truncated) generation; g fails the samples but scores s1;
    # k did not compile. ioi drops n and k: s3, s2 empty, s1 -> g: score 10.
    # The current reference drops both too (an older fork kept n, all SKIPPED, which
    # sorted first in s1 by its length and scored 0).
    cands = [
        cand("g", "s1", [0, 1, 0, 0], 10),
        cand("n", "s1", None, 10000),
        cand("k", "s1", [0, 0, 0, 0], 99999, compiles=False),
    ]
    ioi = select(cands, limit=1, mode="ioi")
    assert (ioi.selected, ioi.score) == (["g"], 10.0)
    compat = select(cands, limit=1, mode="open-r1-compat")
    assert (compat.selected, compat.score) == (["g"], 10.0)
    assert select(cands, limit=5, mode="open-r1-compat").selected == ["g"]
    assert select(cands, limit=5, mode="ioi").selected == ["g"]


def test_compat_compares_rounded_fractions(cand: Make) -> None:
    # Precision 2: a samples fraction of 0.996 rounds to 1.0 in the reference, so
    # compat ranks h (0.996 -> 1.0, length 50) above i (1.0, length 10); ioi compares
    # the exact fractions and ranks i first.
    cands = [cand("i", "s1", [1, 0, 0, 0], 10), cand("h", "s1", [0.996, 0, 0, 0], 50)]
    assert select(cands, limit=1, mode="open-r1-compat").selected == ["h"]
    assert select(cands, limit=1, mode="ioi").selected == ["i"]


def test_untargeted_candidates_only_fill(cand: Make) -> None:
    # o has no target subtask and the best samples score and length of all, yet the
    # round robin never takes it: s1 -> t (solves nothing), s1 -> w, then all groups
    # are exhausted and o fills the free slot. compat refuses untargeted input.
    cands = [
        cand("o", None, [1, 1, 1, 1], 900),
        cand("t", "s1", [1, 0, 0, 0], 10),
        cand("w", "s1", [0, 0, 0, 0], 5),
    ]
    assert select(cands, limit=1, mode="ioi").selected == ["t"]
    assert select(cands, limit=3, mode="ioi").selected == ["t", "w", "o"]
    with pytest.raises(SelectionError, match="unknown subtask None"):
        select(cands, mode="open-r1-compat")
