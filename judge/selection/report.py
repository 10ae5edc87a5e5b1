"""Per-year totals of selected submissions, as a contestant's IOI result."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from judge.selection.models import Candidate, MedalThresholds, Selection, YearReport
from judge.selection.problem import DEFAULT_LIMIT, select

PRACTICE_DAY = "practice"
IOI_MAX_TOTAL = 600.0  # six problems of 100 points


def select_all(
    candidates: Iterable[Candidate], limit: int = DEFAULT_LIMIT, mode: str = "ioi"
) -> list[Selection]:
    """Group candidates by (year, problem) and select within each group; groups in
    order of first appearance."""
    groups: dict[tuple[int | None, str], list[Candidate]] = {}
    for c in candidates:
        groups.setdefault((c.year, c.problem_id), []).append(c)
    return [select(group, limit=limit, mode=mode) for group in groups.values()]


def year_report(
    year: int | None,
    selections: Iterable[Selection],
    thresholds: MedalThresholds | None = None,
    practice: Collection[str] = (),
) -> YearReport:
    """Totals over the year's problems that are not practice ones: those whose day
    is ``"practice"`` or whose id is in ``practice``."""
    rows = [s for s in selections if s.year == year]
    if not rows:
        raise ValueError(f"no selections for year {year}")
    modes = {s.mode for s in rows}
    limits = {s.limit for s in rows}
    if len(modes) > 1 or len(limits) > 1:
        raise ValueError(f"selections mix modes {sorted(modes)} or limits {sorted(limits)}")
    skipped = [s.problem_id for s in rows if s.day == PRACTICE_DAY or s.problem_id in practice]
    counted = [s for s in rows if s.problem_id not in skipped]
    total = round(sum(s.score for s in counted), 6)
    unlimited = round(sum(s.unlimited_score for s in counted), 6)
    return YearReport(
        year=year,
        mode=rows[0].mode,
        limit=rows[0].limit,
        problems=rows,
        practice=skipped,
        total=total,
        unlimited_total=unlimited,
        best_single_total=round(sum(s.best_single_score for s in counted), 6),
        out_of=IOI_MAX_TOTAL,
        thresholds=thresholds,
        medal=thresholds.medal(total) if thresholds else None,
        unlimited_medal=thresholds.medal(unlimited) if thresholds else None,
    )
