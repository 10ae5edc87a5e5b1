"""The report over hand-written result rows: selection table, year totals over
non-practice problems, medals, and a self-contained HTML page."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from judge.cli import app
from judge.report import ReportOptions, build_report, parse_thresholds, render_html
from judge.rescore.models import OpenR1SubtaskResult, RescoreRow, RowStatus
from judge.rescore.results_file import ResultsWriter

SUBTASKS = [("00-samples", 0.0), ("01-small", 30.0), ("02-full", 70.0)]


def _row(problem: str, ident: str, fractions: list[float], day: str = "day1",
         target: str = "02-full", compiles: bool = True) -> RescoreRow:
    scores = [
        OpenR1SubtaskResult(problem=problem, subtask=name, index=i, score=f,
                            weighted_score=f * pts, points=pts, status="AC" if f == 1 else "WA")
        for i, ((name, pts), f) in enumerate(zip(SUBTASKS, fractions, strict=True))
    ]
    return RescoreRow(
        key=f"2024/{problem}/{ident}", id=ident, year=2024, problem_id=problem, problem=problem,
        day=day, target_subtask=target, status=RowStatus.JUDGED,
        verdict="AC" if all(f == 1 for f in fractions) else "WA", code_compiles=compiles,
        all_subtasks_points=sum(s.weighted_score for s in scores), max_score=100,
        all_subtasks_results=scores if compiles else [],
    )


ROWS = [
    _row("nile", "a", [1, 1, 0], target="01-small"),
    _row("nile", "b", [1, 0, 1]),
    _row("nile", "c", [0, 0, 0], compiles=False),
    _row("tree", "d", [1, 1, 0], target="01-small"),
    _row("aplusb", "e", [1, 1, 1], day="practice"),
]


def test_year_totals_leave_out_practice_and_give_medals() -> None:
    report = build_report(ROWS, ReportOptions(limit=50, thresholds=parse_thresholds("150,100,50")))
    (year,) = report.years
    scores = {p.problem_id: (p.score, p.unlimited_score, p.best_single_score)
              for p in year.problems}
    assert scores["nile"] == (100, 100, 70)  # a gives small, b gives full
    assert scores["tree"] == (30, 30, 30)
    assert year.practice == ["aplusb"]
    assert year.total == 130 and year.medal is not None and year.medal.value == "silver"
    limited = build_report(ROWS, ReportOptions(limit=1))
    nile = next(p for p in limited.years[0].problems if p.problem_id == "nile")
    assert len(nile.selected) == 1 and nile.unlimited_score == 100


def test_html_is_self_contained_with_a_bar_chart(tmp_path: Path) -> None:
    page = render_html(build_report(ROWS))
    assert "<svg" in page and "<rect" in page
    assert not re.search(r"https?://", page)
    assert "<link" not in page and "<script" not in page and "src=" not in page
    results = tmp_path / "results.jsonl"
    with ResultsWriter(results) as w:
        for row in ROWS:
            w.append(row)
    html = tmp_path / "r.html"
    out = CliRunner().invoke(app, ["report", str(results), "--html", str(html),
                                   "--mode", "open-r1-compat"])
    assert out.exit_code == 0, out.output
    assert "nile" in out.output and "130" in out.output
    assert html.read_text().count("<svg") == 1


def test_report_of_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["report", str(tmp_path / "nope.jsonl")])
    assert out.exit_code == 1 and "no such file" in out.output
