"""The two ways of picking at most ``limit`` submissions per problem.

Both take the candidates of one problem in the order given and return the
chosen ones in the order chosen. Ties in every ordering keep the input order
(Python's sort is stable, also with ``reverse=True``), as in the reference.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence

from judge.selection.models import Candidate, SelectionError, SubtaskScore

Strategy = Callable[[Sequence[Candidate], list[SubtaskScore], int], list[Candidate]]


def samples_fraction(candidate: Candidate, rounded: bool) -> float:
    """Score (0..1) on the first subtask, the samples: all a contestant sees."""
    if not candidate.results:
        return 0.0
    fraction = candidate.results[0].fraction
    return round(fraction, candidate.score_precision) if rounded else fraction


def _group_key(rounded: bool) -> Callable[[Candidate], tuple[float, int]]:
    return lambda c: (samples_fraction(c, rounded), c.reasoning_length)


def _leftover_key(names: list[str], rounded: bool) -> Callable[[Candidate], tuple[float, int, int]]:
    def key(c: Candidate) -> tuple[float, int, int]:
        target = names.index(c.target_subtask) if c.target_subtask in names else -1
        return (samples_fraction(c, rounded), c.reasoning_length, target)

    return key


def _groups(
    pool: Sequence[Candidate],
    names: list[str],
    rounded: bool,
    untargeted: list[Candidate] | None = None,
) -> dict[str, deque[Candidate]]:
    """Candidates by target subtask, in subtask order, best first. Candidates with
    no target go to ``untargeted`` when given, else they are an error."""
    by_target: dict[str, list[Candidate]] = {name: [] for name in names}
    for c in pool:
        if c.target_subtask is None and untargeted is not None:
            untargeted.append(c)
            continue
        if c.target_subtask not in by_target:
            raise SelectionError(
                f"candidate {c.id!r} targets unknown subtask {c.target_subtask!r} "
                f"(subtasks: {names})"
            )
        by_target[c.target_subtask].append(c)
    key = _group_key(rounded)
    return {name: deque(sorted(group, key=key, reverse=True)) for name, group in by_target.items()}


def _fill(
    selected: list[Candidate],
    groups: dict[str, deque[Candidate]],
    names: list[str],
    limit: int,
    rounded: bool,
    untargeted: Sequence[Candidate] = (),
) -> list[Candidate]:
    """Fill free slots from all leftovers, best (samples, length, target index) first;
    an untargeted candidate counts as target index -1."""
    leftovers = [c for group in groups.values() for c in group] + list(untargeted)
    leftovers.sort(key=_leftover_key(names, rounded), reverse=True)
    return selected + leftovers[: max(0, limit - len(selected))]


def ioi_strategy(
    candidates: Sequence[Candidate], subtasks: list[SubtaskScore], limit: int
) -> list[Candidate]:
    """The IOI rule: round robin over target subtasks from the last one backwards,
    skipping subtasks already solved (scored fully by a selected submission) or
    exhausted, then fill from leftovers. Only candidates with code that compiled take
    part. Subtasks are tracked by name throughout; scores compared are the exact
    fractions (solved means every test fully correct). Candidates with no target
    subtask only fill free slots."""
    names = [s.name for s in subtasks]
    untargeted: list[Candidate] = []
    groups = _groups([c for c in candidates if c.eligible], names, False, untargeted)
    solved = {names[0]}  # the samples: nothing to gain from aiming at them

    def open_(name: str) -> bool:
        return name not in solved and bool(groups[name])

    selected: list[Candidate] = []
    pointer = len(names) - 1
    while len(selected) < limit and any(open_(n) for n in names):
        name = names[pointer]
        if open_(name):
            best = groups[name].popleft()
            selected.append(best)
            solved.update(r.name for r in best.results if r.fraction >= 1.0)
        pointer = (pointer - 1) % len(names)
    return _fill(selected, groups, names, limit, rounded=False, untargeted=untargeted)


def open_r1_compat_strategy(
    candidates: Sequence[Candidate], subtasks: list[SubtaskScore], limit: int
) -> list[Candidate]:
    """Exactly the open-r1 reference, to reproduce its published numbers.

    Source: ``simulate_round_robin`` in ``run_tests/selection_simulator.py`` of the
    huggingface/ioi repository (read in the GeorgiosSmyrnis/ioi copy, commit
    4562e0e9586e05eaa76d2ac99267fb7d71fe0bc9), used by ``run_tests/tests_runner.py``
    for the "limited to 50 submissions, round robin selection" scores. Its quirks,
    kept on purpose:

    * submissions without code and those whose first subtask has status CE are
      dropped before the round robin (the current huggingface/ioi simulator drops the
      code-less ones too; the fork above kept them, all SKIPPED, scoring 0: checked
      on random problems, the selected ids differ when code-less submissions are
      present, the scores so far did not);
    * scores compared are fractions rounded to the problem's precision;
    * the solved set starts as ``{first subtask name}`` but then receives subtask
      *indices* (ints) while the loop checks *names*: "skip solved subtasks" never
      fires, and as the indices swell the set, ``len(exhausted | solved) <
      len(subtasks)`` can turn false while subtasks are still open, ending the
      round robin early (the free slots are then filled from the leftovers);
    * the limit check comes first, the pointer starts at the last subtask and moves
      back one step per iteration, wrapping around.

    A candidate without a target subtask is an error here (the reference fails on
    it with a KeyError).
    """
    names = [s.name for s in subtasks]
    pool = [c for c in candidates if c.has_code and c.compile_ok]
    groups = _groups(pool, names, rounded=True)
    exhausted: set[str | int] = {name for name, group in groups.items() if not group}
    solved: set[str | int] = {names[0]}

    selected: list[Candidate] = []
    pointer = len(names) - 1
    while len(selected) < limit and len(exhausted | solved) < len(names):
        name = names[pointer]
        if name not in solved and name not in exhausted:
            best = groups[name].popleft()
            selected.append(best)
            for position, result in enumerate(_padded(best, subtasks)):
                if round(result.fraction, best.score_precision) == 1.0:
                    solved.add(position)
            if not groups[name]:
                exhausted.add(name)
        pointer = (pointer - 1) % len(names)
    return _fill(selected, groups, names, limit, rounded=True)


def _padded(candidate: Candidate, subtasks: list[SubtaskScore]) -> list[SubtaskScore]:
    """A candidate's results, or zeros on every subtask when it has none."""
    if candidate.results:
        return candidate.results
    return [s.model_copy(update={"score": 0.0, "fraction": 0.0}) for s in subtasks]


STRATEGIES: dict[str, Strategy] = {
    "ioi": ioi_strategy,
    "open-r1-compat": open_r1_compat_strategy,
}

# How each mode adds up points: exact ``fraction x max_score`` rounded once at the
# end, as CMS's ``max_subtask`` score mode and its display do ("ioi"), or open-r1's
# per-subtask ``weighted_score``, each rounded to the precision first.
EXACT_POINTS: dict[str, bool] = {
    "ioi": True,
    "open-r1-compat": False,
}
