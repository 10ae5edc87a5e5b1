"""The selection report as rich tables, and the selected ids."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from judge.report.summary import Counts, RescoreReport, fmt, problem_cells
from judge.selection import YearReport


def year_table(year: YearReport, counts: Counts) -> Table:
    limit = year.limit
    table = Table(
        title=f"IOI {year.year if year.year is not None else '(no year)'} - mode {year.mode}",
        show_footer=True,
    )
    table.add_column("day", footer="")
    table.add_column("problem", footer="total (non-practice)")
    table.add_column("subm", justify="right", footer="")
    table.add_column("compiling", justify="right", footer="")
    table.add_column("best single", justify="right", footer=fmt(year.best_single_total))
    table.add_column(f"selected {limit}", justify="right", footer=_total(year, limited=True))
    table.add_column("unlimited", justify="right", footer=_total(year, limited=False))
    table.add_column("max", justify="right", footer=fmt(year.out_of))
    for practice, cells in problem_cells(year, counts):
        table.add_row(*cells, style="dim" if practice else None)
    return table


def _total(year: YearReport, limited: bool) -> str:
    total = year.total if limited else year.unlimited_total
    medal = year.medal if limited else year.unlimited_medal
    text = f"{fmt(total)}/{fmt(year.out_of)}"
    return f"{text} ({medal.value})" if medal is not None else text


def print_report(report: RescoreReport, console: Console) -> None:
    counts = {(c.year, c.problem): c for c in report.counts}
    for year in report.years:
        console.print(year_table(year, counts))
    if report.errors:
        console.print(
            f"[yellow]{report.errors} rows could not be judged and are left out "
            "(rerun rescore to retry them)[/]"
        )


def print_selected(report: RescoreReport, console: Console) -> None:
    """One line per selected submission: year, problem, id (in selection order)."""
    for year in report.years:
        for s in year.problems:
            for ident in s.selected:
                console.print(f"{s.year}\t{s.problem_id}\t{ident}", markup=False, highlight=False)
