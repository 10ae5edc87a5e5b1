"""The report's tables as :class:`Grid` (text cells), which the console prints
as rich tables and the HTML page as escaped ``<table>``s."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from judge.report.comparison import ComparisonReport, counts_of, selection_of, year_of
from judge.report.summary import RescoreReport, fmt, problem_cells
from judge.report.verdicts import Counts, verdict_columns
from judge.selection import Medal, Selection, YearReport

MISSING = "-"


class Grid(BaseModel):
    """A table as text cells: the first ``names`` columns are names (left-aligned),
    the others figures; ``practice`` marks rows to dim."""

    title: str = ""
    head: list[str]
    rows: list[list[str]]
    foot: list[str] | None = None
    names: int = 1
    practice: list[bool] = []


def _medal(total: float, out_of: float, medal: Medal | None) -> str:
    text = f"{fmt(total)}/{fmt(out_of)}"
    return f"{text} ({medal.value})" if medal is not None else text


def problems_table(year: YearReport, counts: Counts) -> Grid:
    """One model's year: the table of the single-model report."""
    cells = problem_cells(year, counts)
    head = ["day", "problem", "submissions", "compiling", "best single",
            f"selected {year.limit}", "unlimited", "max"]
    foot = ["total (non-practice)", "", "", "", fmt(year.best_single_total),
            _medal(year.total, year.out_of, year.medal),
            _medal(year.unlimited_total, year.out_of, year.unlimited_medal), fmt(year.out_of)]
    return Grid(title=_year_title(year.year, year.mode), head=head, rows=[c for _, c in cells],
                foot=foot, names=2, practice=[p for p, _ in cells])


def _year_title(year: int | None, mode: str) -> str:
    return f"IOI {year if year is not None else '(no year)'} - mode {mode}"


def totals_table(report: ComparisonReport, year: int | None) -> Grid:
    """Problems x models: the selected score of each, and the year totals."""
    years = [year_of(m, year) for m in report.models]
    practice = {p for y in years if y for p in y.practice}
    rows, dim = [], []
    for problem in report.problems(year):
        picks = [selection_of(m, year, problem) for m in report.models]
        first = next(s for s in picks if s is not None)
        day = "practice" if problem in practice else (first.day or "")
        rows.append([day, problem, fmt(first.max_score)] + [_score(s) for s in picks])
        dim.append(problem in practice)
    foot = ["total (non-practice)", "", ""] + [
        MISSING if y is None else _medal(y.total, y.out_of, y.medal) for y in years
    ]
    return Grid(title=_year_title(year, report.mode), head=["day", "problem", "max",
                *report.labels], rows=rows, foot=foot, names=2, practice=dim)


def _score(selection: Selection | None) -> str:
    return MISSING if selection is None else fmt(selection.score)


def subtask_table(report: ComparisonReport, year: int | None, problem: str) -> Grid:
    """Subtasks x models: the points of each model's selected submissions."""
    picks = [selection_of(m, year, problem) for m in report.models]
    names: dict[str, float] = {}
    for s in picks:
        for st in s.subtasks if s else []:
            names.setdefault(st.name, st.max_score)
    rows = [[name, fmt(worth)] + [_subtask_points(s, name) for s in picks]
            for name, worth in names.items()]
    foot = ["total", fmt(sum(names.values()))] + [_score(s) for s in picks]
    return Grid(title=f"{problem}: points per subtask (selected {report.limit})",
                head=["subtask", "points", *report.labels], rows=rows, foot=foot)


def _subtask_points(selection: Selection | None, name: str) -> str:
    if selection is None:
        return MISSING
    found = next((st for st in selection.subtasks if st.name == name), None)
    return MISSING if found is None else fmt(found.score)


def verdict_table(report: ComparisonReport, year: int | None, problem: str) -> Grid:
    """Models x (selection sizes, verdict counts) of one problem."""
    columns = verdict_columns(c for m in report.models for c in m.counts)
    rows = []
    for m in report.models:
        c, s = counts_of(m, year, problem), selection_of(m, year, problem)
        sizes = [str(c.submissions) if c else MISSING, str(c.compiling) if c else MISSING,
                 str(len(s.selected)) if s else MISSING]
        rows.append([m.label, *sizes, *(str(c.verdicts.get(v, 0)) if c else MISSING
                                        for v in columns)])
    return Grid(title=f"{problem}: verdicts", rows=rows,
                head=["model", "submissions", "compiled", "selected", *columns])


def models_table(report: ComparisonReport) -> Grid:
    """Per model: the file read and how many rows were used."""
    rows = [[m.label, m.source or MISSING, str(sum(c.submissions for c in m.counts)),
             str(m.errors)] for m in report.models]
    return Grid(head=["model", "results file", "rows used", "could not be judged"], rows=rows,
                names=2)


def failed_table(models: Sequence[RescoreReport]) -> Grid:
    """The rows that could not be judged: model, key, message."""
    rows = [[m.label, f.key, f.message] for m in models for f in m.failed]
    return Grid(title="rows that could not be judged", head=["model", "row", "message"],
                rows=rows, names=3)
