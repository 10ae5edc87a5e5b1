"""The selection report as one self-contained HTML page: inline CSS, an inline
SVG bar chart (selected vs unlimited score per problem), no external assets, so
it can be mailed or attached as is."""

from __future__ import annotations

from html import escape

from judge.report.summary import Counts, RescoreReport, fmt, problem_cells
from judge.selection import Selection, YearReport

CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
th { background: #f0f0f0; }
td.name { text-align: left; }
tr.practice td { color: #888; }
tfoot td { font-weight: bold; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; }
"""

SELECTED_COLOUR = "#3b6ea8"
UNLIMITED_COLOUR = "#9cc3e6"


def bar_chart(problems: list[Selection], limit: int) -> str:
    """Grouped bars per problem, both as a percentage of its maximum score."""
    bar, gap, height, top, left = 22, 26, 200, 20, 40
    width = left + max(1, len(problems)) * (2 * bar + gap) + gap
    parts = [
        f'<svg width="{width}" height="{height + top + 60}" '
        f'role="img" aria-label="score per problem">'
    ]
    for pct in (0, 25, 50, 75, 100):
        y = top + height - pct * height / 100
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{pct}%</text>'
        )
    for i, s in enumerate(problems):
        x = left + gap + i * (2 * bar + gap)
        for j, (value, colour, label) in enumerate(
            ((s.score, SELECTED_COLOUR, f"selected {limit}"),
             (s.unlimited_score, UNLIMITED_COLOUR, "unlimited"))
        ):
            frac = value / s.max_score if s.max_score > 0 else 0.0
            h = max(0.0, min(1.0, frac)) * height
            parts.append(
                f'<rect x="{x + j * bar}" y="{top + height - h:.1f}" width="{bar - 2}" '
                f'height="{h:.1f}" fill="{colour}"><title>{escape(s.problem_id)} {label}: '
                f"{fmt(value)}/{fmt(s.max_score)}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar}" y="{top + height + 16}" font-size="11" '
            f'text-anchor="middle">{escape(s.problem_id)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def year_section(year: YearReport, counts: Counts) -> str:
    title = f"IOI {year.year}" if year.year is not None else "No year"
    rows = []
    for practice, cells in problem_cells(year, counts):
        cells[:2] = [escape(cells[0]), escape(cells[1])]
        tds = "".join(
            f'<td class="name">{v}</td>' if k < 2 else f"<td>{v}</td>" for k, v in enumerate(cells)
        )
        rows.append(f'<tr class="{"practice" if practice else ""}">{tds}</tr>')
    medal = f" ({year.medal.value})" if year.medal is not None else ""
    umedal = f" ({year.unlimited_medal.value})" if year.unlimited_medal is not None else ""
    foot = (
        '<tr><td class="name" colspan="4">total (non-practice)</td>'
        f"<td>{fmt(year.best_single_total)}</td>"
        f"<td>{fmt(year.total)}/{fmt(year.out_of)}{medal}</td>"
        f"<td>{fmt(year.unlimited_total)}/{fmt(year.out_of)}{umedal}</td>"
        f"<td>{fmt(year.out_of)}</td></tr>"
    )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("day", "problem", "submissions", "compiling", "best single",
                  f"selected {year.limit}", "unlimited", "max")
    )
    legend = (
        f'<p class="legend"><span style="background:{SELECTED_COLOUR}"></span>selected '
        f'{year.limit}<span style="background:{UNLIMITED_COLOUR}"></span>unlimited</p>'
    )
    return (
        f"<h2>{escape(title)}</h2>{legend}{bar_chart(year.problems, year.limit)}"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
        f"<tfoot>{foot}</tfoot></table>"
    )


def render_html(report: RescoreReport) -> str:
    counts = {(c.year, c.problem): c for c in report.counts}
    sections = "".join(year_section(y, counts) for y in report.years)
    note = (
        f"<p>{report.errors} rows could not be judged and are left out.</p>"
        if report.errors else ""
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>ioi-judge rescoring report</title><style>{CSS}</style></head><body>"
        f"<h1>Rescoring report</h1><p>Selection mode <b>{escape(report.mode)}</b>, "
        f"at most {report.limit} submissions per problem.</p>{note}{sections}</body></html>\n"
    )
