"""Several results files (one per model) in one report, side by side.

Each file gets its own :class:`RescoreReport` with the same selection mode,
limit, medal thresholds and problem days (read from all files together, so that
a day known from one model's rows counts for the others too)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel

from judge.report.days import problem_days
from judge.report.summary import ReportOptions, RescoreReport, build_report
from judge.report.verdicts import ProblemCounts
from judge.rescore.models import RescoreRow
from judge.selection import MedalThresholds, Selection, YearReport


class ModelRows(BaseModel):
    """One results file to report on, under its label."""

    label: str
    source: str
    rows: list[RescoreRow]


class ComparisonReport(BaseModel):
    mode: str
    limit: int
    thresholds: MedalThresholds | None = None
    models: list[RescoreReport]

    @property
    def labels(self) -> list[str]:
        return [m.label for m in self.models]

    def years(self) -> list[int | None]:
        """Every year some model has, latest first, no year last."""
        found = {y.year for m in self.models for y in m.years}
        return sorted(found, key=lambda y: (y is None, -(y or 0)))

    def problems(self, year: int | None) -> list[str]:
        """The year's problems over all models, in order of first appearance."""
        seen: dict[str, None] = {}
        for m in self.models:
            for s in getattr(year_of(m, year), "problems", []):
                seen.setdefault(s.problem_id)
        return list(seen)


def year_of(model: RescoreReport, year: int | None) -> YearReport | None:
    return next((y for y in model.years if y.year == year), None)


def selection_of(model: RescoreReport, year: int | None, problem: str) -> Selection | None:
    found = year_of(model, year)
    if found is None:
        return None
    return next((s for s in found.problems if s.problem_id == problem), None)


def counts_of(model: RescoreReport, year: int | None, problem: str) -> ProblemCounts | None:
    return next((c for c in model.counts if (c.year, c.problem) == (year, problem)), None)


def default_labels(paths: Sequence[Path], labels: Sequence[str]) -> list[str]:
    """``labels`` if given (one per file), else the files' stems; they must differ."""
    if labels and len(labels) != len(paths):
        raise ValueError(f"{len(labels)} --label given for {len(paths)} results files")
    chosen = list(labels) if labels else [p.stem for p in paths]
    if len(set(chosen)) != len(chosen):
        raise ValueError(f"labels must differ, got {chosen}: name each file with --label")
    return chosen


def build_comparison(
    models: Iterable[ModelRows], options: ReportOptions | None = None
) -> ComparisonReport:
    options = options or ReportOptions()
    models = list(models)
    days = problem_days(r for m in models for r in m.rows)
    reports = [
        build_report(m.rows, options, days, m.label).model_copy(update={"source": m.source})
        for m in models
    ]
    return ComparisonReport(mode=options.mode, limit=options.limit,
                            thresholds=options.thresholds, models=reports)


def single(report: RescoreReport) -> ComparisonReport:
    """One model's report as a comparison of one."""
    thresholds = next((y.thresholds for y in report.years if y.thresholds), None)
    return ComparisonReport(
        mode=report.mode, limit=report.limit, thresholds=thresholds, models=[report]
    )
