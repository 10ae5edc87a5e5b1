"""The report as rich tables, and the selected ids."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from judge.report.comparison import ComparisonReport, single, year_of
from judge.report.summary import RescoreReport
from judge.report.tables import (
    Grid,
    failed_table,
    problems_table,
    subtask_table,
    totals_table,
    verdict_table,
)


def rich_table(grid: Grid) -> Table:
    table = Table(title=grid.title or None, show_footer=grid.foot is not None)
    foot = grid.foot or [""] * len(grid.head)
    for k, (name, total) in enumerate(zip(grid.head, foot, strict=True)):
        table.add_column(name, footer=total, justify="left" if k < grid.names else "right")
    dim = grid.practice or [False] * len(grid.rows)
    for row, practice in zip(grid.rows, dim, strict=True):
        table.add_row(*row, style="dim" if practice else None)
    return table


def print_report(report: RescoreReport | ComparisonReport, console: Console) -> None:
    """Per year the problems table (one model) or problems x models (several),
    then per problem its subtask points and verdicts, then the rows not judged."""
    both = single(report) if isinstance(report, RescoreReport) else report
    for year in both.years():
        console.print(_year_table(both, year))
        for problem in both.problems(year):
            console.print(rich_table(subtask_table(both, year, problem)))
            console.print(rich_table(verdict_table(both, year, problem)))
    _print_failed(both, console)


def _year_table(report: ComparisonReport, year: int | None) -> Table:
    if len(report.models) > 1:
        return rich_table(totals_table(report, year))
    model = report.models[0]
    found = year_of(model, year)
    if found is None:  # not reached: a one-model report lists only its own years
        return Table()
    return rich_table(problems_table(found, {(c.year, c.problem): c for c in model.counts}))


def _print_failed(report: ComparisonReport, console: Console) -> None:
    count = sum(m.errors for m in report.models)
    if not count:
        return
    console.print(
        f"[yellow]{count} rows could not be judged and are left out "
        "(rerun rescore to retry them):[/]"
    )
    console.print(rich_table(failed_table(report.models)))


def print_selected(report: RescoreReport, console: Console) -> None:
    """One line per selected submission: year, problem, id (in selection order)."""
    for year in report.years:
        for s in year.problems:
            for ident in s.selected:
                console.print(f"{s.year}\t{s.problem_id}\t{ident}", markup=False, highlight=False)
