"""The published report of three models (made-up results files, no judging):
its HTML content, and the page rendered in headless Chromium."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest
from browser import CHROMIUM, screenshot
from png_read import colours, size
from report_rows import ERROR_MESSAGES, MEDALS, TOTALS, model_rows, write_results
from typer.testing import CliRunner

from judge.cli import app
from judge.report import build_report, render_html


@pytest.fixture
def page(tmp_path: Path) -> Path:
    html = tmp_path / "report.html"
    paths = [str(p) for p in write_results(tmp_path)]
    out = CliRunner().invoke(app, ["report", *paths, "--html", str(html), "--medals", MEDALS])
    assert out.exit_code == 0, out.output
    return html


def _row(*cells: str, names: int = 1) -> str:
    return "<tr>" + "".join(
        f'<td class="name">{c}</td>' if k < names else f"<td>{c}</td>"
        for k, c in enumerate(cells)
    ) + "</tr>"


def test_html_holds_every_model_side_by_side(page: Path) -> None:
    text = page.read_text()
    for label in TOTALS:
        assert f"<th>{label}</th>" in text  # a column of the tables
        assert f"<title>{label} total: {TOTALS[label]}/600</title>" in text  # its total bar
    assert "<tfoot>" + _row("total (non-practice)", "", "", "190/600 (gold)",
                            "160/600 (silver)", "30/600 (none)", names=2) in text
    assert _row("practice", "aplusb", "100", "100", "100", "0", names=2).replace(
        "<tr>", '<tr class="practice">') in text
    assert _row("day2", "tree", "100", "30", "100", "0", names=2) in text
    assert text.count("<svg") == 1 and not re.search(r"https?://|<script|<link|src=", text)


def test_html_subtask_points_verdicts_and_errors(page: Path) -> None:
    text = page.read_text()
    nile = text[text.index('id="2024-nile"'):text.index('id="2024-message"')]
    assert _row("02-mid", "30", "30", "0", "0") in nile
    assert _row("03-full", "40", "40", "0", "0") in nile
    #             model    subm compiled selected AC  PA  WA  TLE MLE RE  CE  NO_CODE ERROR
    assert _row("gamma", "2", "1", "1", "0", "0", "0", "1", "0", "0", "0", "1", "0") in nile
    assert _row("beta", "2", "1", "1", "0", "0", "1", "0", "0", "0", "1", "0", "0") in nile
    assert "2 rows could not be judged" in text
    for key, message in ERROR_MESSAGES.items():
        assert _row("gamma", key, escape(message), names=3) in text
    assert "Selection mode <b>ioi</b>" in text and "at most 50 submissions" in text
    medals = re.findall(r'<line class="medal"[^>]*>', text)
    assert len(medals) == 3 and ">gold 180<" in text and ">bronze 60<" in text


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                    "(apt-get install chromium; deploy/test.sh installs it)")
def test_the_page_renders_in_headless_chromium(page: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    screenshot(page, png, tmp_path / "profile", 1400, 2000)
    assert size(png) == (1400, 2000)
    assert png.stat().st_size > 20_000  # a blank page of this size is ~13 KB
    assert len(colours(png, 300)) > 10  # text, table borders, header shading


def test_one_model_page_has_the_new_sections_too() -> None:
    text = render_html(build_report(model_rows("gamma"), label="gamma"))
    nile = text[text.index('id="2024-nile"'):text.index('id="2024-message"')]
    assert _row("01-small", "30", "30") in nile
    assert _row("gamma", "2", "1", "1", "0", "0", "0", "1", "0", "0", "0", "1", "0") in nile
    assert all(key in text for key in ERROR_MESSAGES)
    assert text.count("<svg") == 1 and "medal" not in text  # no --medals, no lines
