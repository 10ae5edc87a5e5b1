"""Selection and scoring of one problem's candidates."""

from __future__ import annotations

from collections.abc import Sequence

from judge.selection.models import Candidate, Selection, SelectionError, SubtaskBest, SubtaskScore
from judge.selection.strategies import EXACT_POINTS, STRATEGIES

DEFAULT_LIMIT = 50


def problem_subtasks(candidates: Sequence[Candidate]) -> list[SubtaskScore]:
    """The problem's subtasks (name, index, max score), in index order, taken from
    the candidates; every candidate that has results must list the same ones."""
    reference: list[SubtaskScore] = []
    for c in candidates:
        if not c.results:
            continue
        shape = [(r.name, r.index, r.max_score) for r in c.results]
        if not reference:
            reference = c.results
        elif shape != [(r.name, r.index, r.max_score) for r in reference]:
            raise SelectionError(
                f"candidate {c.id!r} lists subtasks {shape}, "
                f"another lists {[(r.name, r.index, r.max_score) for r in reference]}"
            )
    return reference


def _check_same_problem(candidates: Sequence[Candidate]) -> None:
    problems = {c.problem_id for c in candidates}
    if len(problems) > 1:
        raise SelectionError(f"candidates of several problems given: {sorted(problems)}")
    precisions = {c.score_precision for c in candidates}
    if len(precisions) > 1:
        raise SelectionError(f"candidates disagree on score precision: {sorted(precisions)}")
    ids = [c.id for c in candidates]
    if len(set(ids)) != len(ids):
        raise SelectionError("duplicate candidate ids")


def points(result: SubtaskScore, exact: bool) -> float:
    """A subtask's points: exact (``fraction x max_score``, what CMS sums) or
    rounded to the problem's precision (open-r1's ``weighted_score``)."""
    return result.fraction * result.max_score if exact else result.score


def _bests(
    chosen: Sequence[Candidate], subtasks: list[SubtaskScore], exact: bool
) -> list[tuple[float, str | None]]:
    """Per subtask, the best points among ``chosen`` and who first got them."""
    bests: list[tuple[float, str | None]] = []
    for position in range(len(subtasks)):
        best: tuple[float, str | None] = (0.0, None)
        for c in chosen:
            if c.results and (got := points(c.results[position], exact)) > best[0]:
                best = (got, c.id)
        bests.append(best)
    return bests


def best_per_subtask(
    chosen: Sequence[Candidate], subtasks: list[SubtaskScore], precision: int, exact: bool = True
) -> list[SubtaskBest]:
    """Per subtask, the best points among ``chosen`` (rounded to ``precision``
    to be shown) and who first got them."""
    return [
        SubtaskBest(name=st.name, index=st.index, max_score=st.max_score,
                    score=round(score, precision), candidate_id=who)
        for st, (score, who) in zip(subtasks, _bests(chosen, subtasks, exact), strict=True)
    ]


def problem_score(
    chosen: Sequence[Candidate], subtasks: list[SubtaskScore], precision: int, exact: bool = True
) -> float:
    """CMS's ``max_subtask`` score: the sum over subtasks of the best points among
    ``chosen``, rounded once. ``exact=False`` sums open-r1's rounded points instead."""
    return round(sum(score for score, _ in _bests(chosen, subtasks, exact)), precision)


def select(
    candidates: Sequence[Candidate], limit: int = DEFAULT_LIMIT, mode: str = "ioi"
) -> Selection:
    """Pick at most ``limit`` of one problem's candidates by ``mode`` (a key of
    :data:`STRATEGIES`) and score the pick, all candidates, and the best one alone."""
    if mode not in STRATEGIES:
        raise SelectionError(f"unknown selection mode {mode!r}; known: {sorted(STRATEGIES)}")
    if limit < 0:
        raise SelectionError(f"limit must be >= 0, got {limit}")
    if not candidates:
        raise SelectionError("no candidates given")
    _check_same_problem(candidates)
    subtasks = problem_subtasks(candidates)
    precision = candidates[0].score_precision
    exact = EXACT_POINTS[mode]
    chosen = STRATEGIES[mode](candidates, subtasks, limit) if subtasks else []
    first = candidates[0]
    return Selection(
        problem_id=first.problem_id,
        year=first.year,
        day=first.day,
        mode=mode,
        limit=limit,
        candidates=len(candidates),
        eligible=sum(1 for c in candidates if c.eligible),
        selected=[c.id for c in chosen],
        score=problem_score(chosen, subtasks, precision, exact),
        unlimited_score=problem_score(candidates, subtasks, precision, exact),
        best_single_score=max(c.total_score(exact) for c in candidates),
        max_score=round(sum(s.max_score for s in subtasks), precision),
        subtasks=best_per_subtask(chosen, subtasks, precision, exact),
    )
