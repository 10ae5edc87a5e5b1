from collections.abc import Callable, Sequence

import pytest

from judge.selection import Candidate, SubtaskScore

# name -> max score. The samples subtask is worth 0 points, as at IOI 2024.
DEFAULT_SUBTASKS = {"samples": 0.0, "s1": 10.0, "s2": 30.0, "s3": 60.0}

MakeCandidate = Callable[..., Candidate]


def make_candidate(
    id: str,
    target: str | None,
    fractions: Sequence[float] | None,
    length: int = 0,
    *,
    tokens: int | None = None,
    subtasks: dict[str, float] = DEFAULT_SUBTASKS,
    compiles: bool = True,
    problem: str = "p",
    year: int | None = 2024,
    day: str | None = "1",
    precision: int = 2,
) -> Candidate:
    """A candidate with the given fraction (0..1) on each subtask, in order;
    ``fractions=None`` means no code was extracted."""
    pairs = list(zip(subtasks.items(), fractions, strict=True)) if fractions is not None else []
    results = [
        SubtaskScore.from_fraction(name, i, max_score, f, precision)
        for i, ((name, max_score), f) in enumerate(pairs)
    ]
    return Candidate(
        id=id,
        problem_id=problem,
        year=year,
        day=day,
        target_subtask=target,
        has_code=fractions is not None,
        compile_ok=compiles,
        results=results,
        score_precision=precision,
        output_tokens=tokens,
        generation_length=length,
    )


@pytest.fixture
def cand() -> MakeCandidate:
    return make_candidate
