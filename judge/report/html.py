"""The report as one self-contained HTML page: inline CSS, inline SVG charts
(:mod:`judge.report.charts`), tables (:mod:`judge.report.tables`), no scripts and
no external assets, so that it can be mailed, attached or published as is."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from judge.report.charts import series, year_chart
from judge.report.comparison import ComparisonReport, selection_of, single, year_of
from judge.report.summary import RescoreReport
from judge.report.tables import (
    Grid,
    failed_table,
    models_table,
    problems_table,
    subtask_table,
    totals_table,
    verdict_table,
)

CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
th { background: #f0f0f0; }
td.name, th.name { text-align: left; }
tr.practice td { color: #888; }
tfoot td { font-weight: bold; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; }
.problems { display: flex; flex-wrap: wrap; gap: 0 2em; }
h3 { margin-bottom: 0; }
"""

MODES = {
    "ioi": "the IOI rule: round robin over target subtasks, compiled submissions only",
    "open-r1-compat": "the open-r1 reference's round robin, quirks included",
}


def html_table(grid: Grid) -> str:
    def tr(cells: Sequence[str], tag: str = "td", cls: str = "") -> str:
        attr = f' class="{cls}"' if cls else ""
        return f"<tr{attr}>" + "".join(
            f'<{tag} class="name">{escape(c)}</{tag}>' if k < grid.names
            else f"<{tag}>{escape(c)}</{tag}>"
            for k, c in enumerate(cells)
        ) + "</tr>"

    dim = grid.practice or [False] * len(grid.rows)
    body = "".join(tr(r, cls="practice" if d else "") for r, d in zip(grid.rows, dim, strict=True))
    tfoot = f"<tfoot>{tr(grid.foot)}</tfoot>" if grid.foot else ""
    return f"<table><thead>{tr(grid.head, 'th')}</thead><tbody>{body}</tbody>{tfoot}</table>"


def render_html(report: RescoreReport | ComparisonReport) -> str:
    """The page of one model's report or of several side by side."""
    both = single(report) if isinstance(report, RescoreReport) else report
    sections = "".join(year_section(both, y) for y in both.years())
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>ioi-judge rescoring report</title><style>{CSS}</style></head><body>"
        f"<h1>Rescoring report</h1>{_selection(both)}{html_table(models_table(both))}"
        f"{_failed(both)}{sections}</body></html>\n"
    )


def _selection(report: ComparisonReport) -> str:
    rule = MODES.get(report.mode, "")
    return (
        f"<p>Selection mode <b>{escape(report.mode)}</b>{escape(': ' + rule if rule else '')}, "
        f"at most {report.limit} submissions per problem. Per problem below: the "
        "submissions of each model, how many compiled, how many were selected.</p>"
    )


def _failed(report: ComparisonReport) -> str:
    count = sum(m.errors for m in report.models)
    if not count:
        return ""
    return (
        f"<p>{count} rows could not be judged and are left out "
        "(rerun rescore to retry them):</p>" + html_table(failed_table(report.models))
    )


def _legend(report: ComparisonReport) -> str:
    return '<p class="legend">' + "".join(
        f'<span style="background:{colour}"></span>{escape(label)}'
        for label, colour in series(report)
    ) + "</p>"


def year_section(report: ComparisonReport, year: int | None) -> str:
    title = f"IOI {year}" if year is not None else "No year"
    if len(report.models) == 1:
        model = report.models[0]
        found = year_of(model, year)
        counts = {(c.year, c.problem): c for c in model.counts}
        table = html_table(problems_table(found, counts)) if found else ""
    else:
        table = html_table(totals_table(report, year))
    problems = "".join(problem_section(report, year, p) for p in report.problems(year))
    return (
        f"<h2>{escape(title)}</h2>{_legend(report)}{year_chart(report, year)}{table}"
        f"{_practice(report, year)}<div class=\"problems\">{problems}</div>"
    )


def _practice(report: ComparisonReport, year: int | None) -> str:
    names = sorted({p for m in report.models for p in getattr(year_of(m, year), "practice", [])})
    if not names:
        return ""
    return f"<p>Practice tasks, left out of the total: {escape(', '.join(names))}.</p>"


def problem_section(report: ComparisonReport, year: int | None, problem: str) -> str:
    """A problem's subtask x model table and verdict distribution."""
    pick = next(s for m in report.models if (s := selection_of(m, year, problem)))
    day = f" ({escape(pick.day)})" if pick.day else ""
    return (
        f'<section><h3 id="{escape(f"{year}-{problem}")}">{escape(problem)}{day}</h3>'
        f"{html_table(subtask_table(report, year, problem))}"
        f"{html_table(verdict_table(report, year, problem))}"
        "</section>"
    )

