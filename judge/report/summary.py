"""From a results file to the selection report: rows become selection
candidates (:mod:`judge.selection`), grouped by year and problem."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import BaseModel, Field

from judge.problems.model import match_subtask
from judge.report.days import ProblemKey, problem_days, problem_label
from judge.report.verdicts import Counts, ProblemCounts, count_rows
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

__all__ = [
    "Counts", "FailedRow", "ProblemCounts", "ReportOptions", "RescoreReport", "build_report",
]


class FailedRow(BaseModel):
    """A row that could not be judged (``status: error``), left out of the scores."""

    key: str
    year: int | None
    problem_id: str
    message: str


class RescoreReport(BaseModel):
    label: str = Field("", description="The model's name (the results file's stem by default).")
    source: str = Field("", description="The results file read.")
    mode: str
    limit: int
    years: list[YearReport]
    counts: list[ProblemCounts]
    errors: int = Field(0, description="Rows that could not be judged (left out).")
    failed: list[FailedRow] = Field(default_factory=list, description="Those rows.")


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


def to_candidate(row: RescoreRow, day: str | None = None) -> Candidate:
    """The row as a selection candidate; ``day`` (the problem's) replaces the row's."""
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
        day=day or row.day,
        target_subtask=target,
        has_code=has_code,
        compile_ok=has_code and row.code_compiles,
        results=results if has_code and row.code_compiles else [],
        score_precision=row.score_precision,
        output_tokens=row.output_tokens,
        generation_length=row.generation_chars,
    )


class ReportOptions(BaseModel):
    """How a report selects and totals, the same for every model in it."""

    mode: str = Field("ioi", description="Selection rule: ioi or open-r1-compat.")
    limit: int = Field(DEFAULT_LIMIT, description="Submissions selected per problem.")
    thresholds: MedalThresholds | None = None
    practice: list[str] = Field(default_factory=list, description="Left out of the totals.")


def build_report(
    rows: Iterable[RescoreRow],
    options: ReportOptions | None = None,
    days: Mapping[ProblemKey, str] | None = None,
    label: str = "",
) -> RescoreReport:
    """The report of one results file. ``days`` gives each problem's day (see
    :mod:`judge.report.days`; by default read from ``rows``): practice problems,
    and those named in ``options.practice``, are left out of the year totals."""
    options = options or ReportOptions()
    rows = list(rows)
    days = problem_days(rows) if days is None else days
    usable = [r for r in rows if r.status is not RowStatus.ERROR]
    candidates = (to_candidate(r, days.get((r.year, problem_label(r)))) for r in usable)
    selections = select_all(candidates, limit=options.limit, mode=options.mode)
    years = sorted({s.year for s in selections}, key=lambda y: (y is None, -(y or 0)))
    practice_ids = set(options.practice)
    reports = [year_report(y, selections, options.thresholds, practice_ids) for y in years]
    return RescoreReport(
        label=label, mode=options.mode, limit=options.limit, years=reports,
        counts=count_rows(rows),
        errors=len(rows) - len(usable), failed=_failed(rows),
    )


def _failed(rows: list[RescoreRow]) -> list[FailedRow]:
    return [
        FailedRow(key=r.key, year=r.year, problem_id=r.problem_id,
                  message=r.error or "no message")
        for r in rows if r.status is RowStatus.ERROR
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
