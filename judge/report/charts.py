"""Inline SVG bar charts for the HTML report (no external assets).

The year chart is the figure Open R1 published, generalised: per problem one bar
group (one bar per model; with a single model, its selected and unlimited
scores), then the year total out of 600 with the medal thresholds as lines. All
bars are drawn as a percentage of their maximum so that problems (100) and the
total (600) share one axis."""

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
    lines: list[Line] = []


def series(report: ComparisonReport) -> list[tuple[str, str]]:
    """(legend label, colour) of each bar of a group."""
    if len(report.models) == 1:
        return [(f"selected {report.limit}", SELECTED_COLOUR), ("unlimited", UNLIMITED_COLOUR)]
    return [(label, PALETTE[i % len(PALETTE)]) for i, label in enumerate(report.labels)]


def year_chart(report: ComparisonReport, year: int | None) -> str:
    groups = [_problem_group(report, year, p) for p in report.problems(year)]
    groups.append(_total_group(report, year))
    colours = [colour for _, colour in series(report)]
    return grouped_bars(groups, colours, f"scores of IOI {year}")


def _bars(report: ComparisonReport, values: list[float | None], out_of: float,
          name: str, show: bool) -> list[Bar]:
    names = [label for label, _ in series(report)]
    return [
        Bar(value=v, out_of=out_of, show_value=show,
            title=f"{n} {name}: " + ("no rows" if v is None else f"{fmt(v)}/{fmt(out_of)}"))
        for n, v in zip(names, values, strict=True)
    ]


def _problem_group(report: ComparisonReport, year: int | None, problem: str) -> Group:
    picks: list[Selection | None] = [selection_of(m, year, problem) for m in report.models]
    out_of = max((s.max_score for s in picks if s), default=100.0)
    if len(picks) == 1 and picks[0] is not None:
        values: list[float | None] = [picks[0].score, picks[0].unlimited_score]
    else:
        values = [None if s is None else s.score for s in picks]
    return Group(name=problem, bars=_bars(report, values, out_of, problem, False))


def _total_group(report: ComparisonReport, year: int | None) -> Group:
    years: list[YearReport | None] = [year_of(m, year) for m in report.models]
    out_of = next((y.out_of for y in years if y), 600.0)
    if len(years) == 1 and years[0] is not None:
        values: list[float | None] = [years[0].total, years[0].unlimited_total]
    else:
        values = [None if y is None else y.total for y in years]
    return Group(name=f"total /{fmt(out_of)}", bars=_bars(report, values, out_of, "total", True),
                 lines=medal_lines(report.thresholds, out_of))


def medal_lines(thresholds: MedalThresholds | None, out_of: float) -> list[Line]:
    if thresholds is None:
        return []
    return [Line(name=name, value=getattr(thresholds, name), out_of=out_of)
            for name in ("gold", "silver", "bronze")]


def grouped_bars(groups: list[Group], colours: list[str], label: str) -> str:
    """Groups of bars side by side on a 0-100% axis, lines across a group."""
    bar = 22 if len(colours) <= 3 else 14
    step = len(colours) * bar + GAP
    width = LEFT + GAP + len(groups) * step + RIGHT
    parts = [f'<svg width="{width}" height="{HEIGHT + TOP + 60}" role="img" '
             f'aria-label="{escape(label)}">', _grid(width)]
    for i, group in enumerate(groups):
        x = LEFT + GAP + i * step
        parts += [_bar(x + j * bar, bar, b, colours[j]) for j, b in enumerate(group.bars)]
        parts += [_line(x, len(colours) * bar, line) for line in group.lines]
        parts.append(f'<text x="{x + len(colours) * bar / 2:.1f}" y="{TOP + HEIGHT + 16}" '
                     f'font-size="11" text-anchor="middle">{escape(group.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _y(fraction: float) -> float:
    return TOP + HEIGHT - max(0.0, min(1.0, fraction)) * HEIGHT


def _grid(width: int) -> str:
    return "".join(
        f'<line x1="{LEFT}" y1="{_y(pct / 100):.1f}" x2="{width - RIGHT}" y2="{_y(pct / 100):.1f}"'
        f' stroke="#ddd"/><text x="{LEFT - 6}" y="{_y(pct / 100) + 4:.1f}" font-size="10" '
        f'text-anchor="end">{pct}%</text>'
        for pct in (0, 25, 50, 75, 100)
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


def _line(x: float, width: int, line: Line) -> str:
    y = _y(line.value / line.out_of if line.out_of > 0 else 0.0)
    colour = MEDAL_COLOURS.get(line.name, "#444")
    return (f'<line class="medal" x1="{x - 6}" y1="{y:.1f}" x2="{x + width + 6}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="5,3"/>'
            f'<text x="{x + width + 10}" y="{y + 4:.1f}" font-size="10" fill="{colour}">'
            f"{line.name} {fmt(line.value)}</text>")
