"""Inline SVG bar charts for the HTML report (no external assets).

The year chart is the figure Open R1 published, generalised: one bar per model
(with a single model, its selected and unlimited scores) in a group per problem,
on a percentage axis, and beside it a panel with the year totals out of 600 and
the medal thresholds as dashed lines across it. Both panels are one ``<svg>``."""

from __future__ import annotations

from html import escape

from pydantic import BaseModel

from judge.report.comparison import ComparisonReport, selection_of, year_of
from judge.report.summary import fmt
from judge.selection import MedalThresholds, Selection, YearReport

PALETTE = ("#3b6ea8", "#e07b39", "#4f9d69", "#b8527a", "#7d6bb3", "#c9a227", "#4bb3c1")
SELECTED_COLOUR = PALETTE[0]
UNLIMITED_COLOUR = "#9cc3e6"
MEDAL_COLOURS = {"gold": "#c9a000", "silver": "#8a8d91", "bronze": "#a0522d"}
HEIGHT, TOP, LEFT, GAP, RIGHT = 200, 20, 40, 26, 90


class Bar(BaseModel):
    value: float | None = None  # None: the model has no rows for this problem
    out_of: float
    title: str
    show_value: bool = False


class Line(BaseModel):
    name: str
    value: float
    out_of: float


class Group(BaseModel):
    name: str
    bars: list[Bar]


class Panel(BaseModel):
    """Bar groups on one axis (labelled by ``ticks`` at 0, 25, 50, 75, 100% of it),
    ``lines`` drawn across it."""

    groups: list[Group]
    ticks: list[str]
    lines: list[Line] = []


def series(report: ComparisonReport) -> list[tuple[str, str]]:
    """(legend label, colour) of each bar of a group."""
    if len(report.models) == 1:
        return [(f"selected {report.limit}", SELECTED_COLOUR), ("unlimited", UNLIMITED_COLOUR)]
    return [(label, PALETTE[i % len(PALETTE)]) for i, label in enumerate(report.labels)]


def year_chart(report: ComparisonReport, year: int | None) -> str:
    """Problems (as % of their maximum) on the left, the year total on the right."""
    practice = {p for m in report.models for p in getattr(year_of(m, year), "practice", [])}
    problems = Panel(
        groups=[_problem_group(report, year, p, p in practice) for p in report.problems(year)],
        ticks=[f"{pct}%" for pct in (0, 25, 50, 75, 100)],
    )
    total = _total_group(report, year)
    out_of = total.bars[0].out_of
    totals = Panel(groups=[total], ticks=[fmt(out_of * k / 4) for k in range(5)],
                   lines=medal_lines(report.thresholds, out_of))
    colours = [colour for _, colour in series(report)]
    return chart([problems, totals], colours, f"scores of IOI {year}")


def _bars(report: ComparisonReport, values: list[float | None], out_of: float,
          name: str, show: bool) -> list[Bar]:
    names = [label for label, _ in series(report)]
    return [
        Bar(value=v, out_of=out_of, show_value=show,
            title=f"{n} {name}: " + ("no rows" if v is None else f"{fmt(v)}/{fmt(out_of)}"))
        for n, v in zip(names, values, strict=True)
    ]


def _problem_group(report: ComparisonReport, year: int | None, problem: str,
                   practice: bool) -> Group:
    picks: list[Selection | None] = [selection_of(m, year, problem) for m in report.models]
    out_of = max((s.max_score for s in picks if s), default=100.0)
    if len(picks) == 1 and picks[0] is not None:
        values: list[float | None] = [picks[0].score, picks[0].unlimited_score]
    else:
        values = [None if s is None else s.score for s in picks]
    name = f"{problem} (practice)" if practice else problem
    return Group(name=name, bars=_bars(report, values, out_of, problem, False))


def _total_group(report: ComparisonReport, year: int | None) -> Group:
    years: list[YearReport | None] = [year_of(m, year) for m in report.models]
    out_of = next((y.out_of for y in years if y), 600.0)
    if len(years) == 1 and years[0] is not None:
        values: list[float | None] = [years[0].total, years[0].unlimited_total]
    else:
        values = [None if y is None else y.total for y in years]
    return Group(name=f"total /{fmt(out_of)}", bars=_bars(report, values, out_of, "total", True))


def medal_lines(thresholds: MedalThresholds | None, out_of: float) -> list[Line]:
    if thresholds is None:
        return []
    return [Line(name=name, value=getattr(thresholds, name), out_of=out_of)
            for name in ("gold", "silver", "bronze")]


def chart(panels: list[Panel], colours: list[str], label: str) -> str:
    """Panels side by side in one SVG; in each, groups of bars on a 0-100% axis."""
    bar = 22 if len(colours) <= 3 else 14
    step = len(colours) * bar + GAP
    widths = [LEFT + GAP + len(p.groups) * step + (RIGHT if p.lines else 0) for p in panels]
    parts = [f'<svg width="{sum(widths)}" height="{HEIGHT + TOP + 60}" role="img" '
             f'aria-label="{escape(label)}">']
    x0 = 0
    for panel, width in zip(panels, widths, strict=True):
        parts.append(_panel(panel, x0, x0 + width - (RIGHT if panel.lines else 0), bar, colours))
        x0 += width
    parts.append("</svg>")
    return "".join(parts)


def _panel(panel: Panel, x0: int, x1: int, bar: int, colours: list[str]) -> str:
    step = len(colours) * bar + GAP
    parts = [_grid(x0 + LEFT, x1, panel.ticks)]
    for i, group in enumerate(panel.groups):
        x = x0 + LEFT + GAP + i * step
        parts += [_bar(x + j * bar, bar, b, colours[j]) for j, b in enumerate(group.bars)]
        parts.append(f'<text x="{x + len(colours) * bar / 2:.1f}" y="{TOP + HEIGHT + 16}" '
                     f'font-size="11" text-anchor="middle">{escape(group.name)}</text>')
    parts += [_line(x0 + LEFT, x1, line) for line in panel.lines]
    return "".join(parts)


def _y(fraction: float) -> float:
    return TOP + HEIGHT - max(0.0, min(1.0, fraction)) * HEIGHT


def _grid(x0: int, x1: int, ticks: list[str]) -> str:
    return "".join(
        f'<line x1="{x0}" y1="{_y(k / 4):.1f}" x2="{x1}" y2="{_y(k / 4):.1f}" stroke="#ddd"/>'
        f'<text x="{x0 - 6}" y="{_y(k / 4) + 4:.1f}" font-size="10" text-anchor="end">'
        f"{escape(tick)}</text>"
        for k, tick in enumerate(ticks)
    )


def _bar(x: float, width: int, bar: Bar, colour: str) -> str:
    if bar.value is None:
        return (f'<text x="{x + width / 2:.1f}" y="{_y(0) - 3:.1f}" font-size="10" '
                f'text-anchor="middle" fill="#888">-<title>{escape(bar.title)}</title></text>')
    y = _y(bar.value / bar.out_of if bar.out_of > 0 else 0.0)
    text = (f'<text x="{x + width / 2 - 1:.1f}" y="{y - 3:.1f}" font-size="10" '
            f'text-anchor="middle">{fmt(bar.value)}</text>' if bar.show_value else "")
    return (f'<rect x="{x}" y="{y:.1f}" width="{width - 2}" height="{_y(0) - y:.1f}" '
            f'fill="{colour}"><title>{escape(bar.title)}</title></rect>{text}')


def _line(x0: int, x1: int, line: Line) -> str:
    y = _y(line.value / line.out_of if line.out_of > 0 else 0.0)
    colour = MEDAL_COLOURS.get(line.name, "#444")
    return (f'<line class="medal" x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="5,3"/>'
            f'<text x="{x1 + 4}" y="{y + 4:.1f}" font-size="10" fill="{colour}">'
            f"{line.name} {fmt(line.value)}</text>")
