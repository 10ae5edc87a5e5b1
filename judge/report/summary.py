"""From a results file to the selection report: rows become selection
candidates (:mod:`judge.selection`), grouped by year and problem."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, Field

from judge.problems.model import match_subtask
from judge.rescore.models import RescoreRow, RowStatus
from judge.selection import (
    DEFAULT_LIMIT,
    Candidate,
    MedalThresholds,
    SubtaskScore,
    YearReport,
    select_all,
    year_report,
)


class ProblemCounts(BaseModel):
    year: int | None
    problem: str
    submissions: int
    compiling: int
    no_code: int


class RescoreReport(BaseModel):
    mode: str
    limit: int
    years: list[YearReport]
    counts: list[ProblemCounts]
    errors: int = Field(0, description="Rows that could not be judged (left out).")


Counts = dict[tuple[int | None, str], ProblemCounts]


def fmt(x: float) -> str:
    """A score as the reports print it (no trailing zeros)."""
    return f"{x:g}"


def problem_cells(year: YearReport, counts: Counts) -> list[tuple[bool, list[str]]]:
    """One row per problem of ``year`` for the console and HTML tables, in
    column order (day, problem, submissions, compiling, best single,
    selected, unlimited, max), each with whether it is a practice task."""
    rows = []
    for s in year.problems:
        c = counts.get((s.year, s.problem_id))
        practice = s.problem_id in year.practice
        rows.append((practice, [
            "practice" if practice else (s.day or ""),
            s.problem_id,
            str(c.submissions if c else s.candidates),
            str(c.compiling if c else s.eligible),
            fmt(s.best_single_score),
            fmt(s.score),
            fmt(s.unlimited_score),
            fmt(s.max_score),
        ]))
    return rows


def problem_label(row: RescoreRow) -> str:
    """The problem a row counts for: the stored problem, else the input's id."""
    return row.problem or row.problem_id


def to_candidate(row: RescoreRow) -> Candidate:
    results = [
        SubtaskScore(
            name=s.subtask,
            index=s.index,
            max_score=s.points,
            score=s.weighted_score,
            fraction=min(1.0, max(0.0, s.score)),
        )
        for s in row.all_subtasks_results
    ]
    has_code = row.status is not RowStatus.NO_CODE
    target = row.target_subtask
    if target is not None and results:
        found = match_subtask(target, results)
        target = target if found is None else found.name
    return Candidate(
        id=row.id,
        problem_id=problem_label(row),
        year=row.year,
        day=row.day,
        target_subtask=target,
        has_code=has_code,
        compile_ok=has_code and row.code_compiles,
        results=results if has_code and row.code_compiles else [],
        score_precision=row.score_precision,
        output_tokens=row.output_tokens,
        generation_length=row.generation_chars,
    )


def build_report(
    rows: Iterable[RescoreRow],
    mode: str = "ioi",
    limit: int = DEFAULT_LIMIT,
    thresholds: MedalThresholds | None = None,
    practice: Iterable[str] = (),
) -> RescoreReport:
    rows = list(rows)
    usable = [r for r in rows if r.status is not RowStatus.ERROR]
    errors = len(rows) - len(usable)
    selections = select_all((to_candidate(r) for r in usable), limit=limit, mode=mode)
    years = sorted({s.year for s in selections}, key=lambda y: (y is None, -(y or 0)))
    practice_ids = set(practice)
    reports = [year_report(y, selections, thresholds, practice_ids) for y in years]
    return RescoreReport(
        mode=mode, limit=limit, years=reports, counts=_counts(usable), errors=errors
    )


def _counts(rows: list[RescoreRow]) -> list[ProblemCounts]:
    total: Counter[tuple[int | None, str]] = Counter()
    compiling: Counter[tuple[int | None, str]] = Counter()
    no_code: Counter[tuple[int | None, str]] = Counter()
    for r in rows:
        key = (r.year, problem_label(r))
        total[key] += 1
        compiling[key] += r.code_compiles
        no_code[key] += r.status is RowStatus.NO_CODE
    return [
        ProblemCounts(
            year=year, problem=problem, submissions=n,
            compiling=compiling[(year, problem)], no_code=no_code[(year, problem)],
        )
        for (year, problem), n in total.items()
    ]


def parse_thresholds(text: str | None) -> MedalThresholds | None:
    """``"GOLD,SILVER,BRONZE"`` (lowest totals out of 600) -> thresholds."""
    if not text:
        return None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 3:
        raise ValueError(f"--medals wants GOLD,SILVER,BRONZE, got {text!r}")
    try:
        gold, silver, bronze = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"--medals wants three numbers, got {text!r}") from None
    return MedalThresholds(gold=gold, silver=silver, bronze=bronze)
