"""Several models in one report: side-by-side totals, per-subtask points,
verdict counts, named error rows, problem days and practice tasks from the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_rows import ERROR_MESSAGES, MEDALS, TOTALS, model_rows, write_results
from typer.testing import CliRunner

from judge.cli import app
from judge.report import (
    ComparisonReport,
    ModelRows,
    ReportOptions,
    build_comparison,
    build_report,
    default_labels,
    render_html,
)
from judge.report.days import normalise_day, problem_days
from judge.report.verdicts import verdict_columns


def _comparison() -> ComparisonReport:
    models = [ModelRows(label=m, source=f"{m}.jsonl", rows=model_rows(m)) for m in TOTALS]
    return build_comparison(models, ReportOptions(limit=50))


@pytest.mark.parametrize(("day", "expected"), [
    ("practice", "practice"), ("Practice ", "practice"), ("0", "practice"), ("day0", "practice"),
    ("1", "day1"), ("Day 2", "day2"), ("day1", "day1"), ("", None), (None, None),
    ("final", "final"),
])
def test_days_are_normalised(day: str | None, expected: str | None) -> None:
    assert normalise_day(day) == expected


def test_a_problem_day_is_its_rows_most_common_day() -> None:
    rows = model_rows("alpha")
    rows[0] = rows[0].model_copy(update={"day": None})
    rows[1] = rows[1].model_copy(update={"day": "day2"})
    rows += [rows[0].model_copy(update={"key": k, "day": d})
             for k, d in (("x", "1"), ("y", "day1"))]
    days = problem_days(rows)
    assert days[(2024, "nile")] == "day1"  # day1 (from "day1" and "1") beats one day2
    assert days[(2024, "aplusb")] == "practice"  # written "0"


def test_practice_is_detected_in_each_file_and_across_files() -> None:
    alpha = build_report(model_rows("alpha"))
    (year,) = alpha.years
    assert year.practice == ["aplusb"] and year.total == TOTALS["alpha"]
    assert {s.problem_id: s.day for s in year.problems}["tree"] == "day2"
    gamma_alone = build_report(model_rows("gamma")).years[0]
    assert gamma_alone.practice == []  # gamma's rows do not say
    gamma = _comparison().models[2].years[0]
    assert gamma.practice == ["aplusb"]  # the other files do
    by_hand = build_report(model_rows("alpha"), ReportOptions(practice=["tree"])).years[0]
    assert by_hand.practice == ["tree", "aplusb"] and by_hand.total == TOTALS["alpha"] - 30


def test_counts_verdicts_and_failed_rows() -> None:
    gamma = _comparison().models[2]
    counts = {c.problem: c for c in gamma.counts}
    nile = counts["nile"]
    assert (nile.submissions, nile.compiling, nile.no_code) == (2, 1, 1)
    assert nile.verdicts == {"NO_CODE": 1, "TLE": 1}
    assert counts["message"].verdicts == {"ERROR": 1, "WA": 1}
    assert counts["message"].submissions == 1 and counts["message"].errors == 1
    assert gamma.errors == 2
    assert {f.key: f.message for f in gamma.failed} == ERROR_MESSAGES
    assert verdict_columns(gamma.counts)[:3] == ["AC", "PA", "WA"]
    extra = counts["tree"].model_copy(update={"verdicts": {"OLE": 1}})
    assert verdict_columns([extra])[-1] == "OLE"


def test_labels_default_to_stems_and_must_differ() -> None:
    paths = [Path("a/x.jsonl"), Path("b/y.jsonl")]
    assert default_labels(paths, []) == ["x", "y"]
    assert default_labels(paths, ["X", "Y"]) == ["X", "Y"]
    with pytest.raises(ValueError, match="--label"):
        default_labels(paths, ["X"])
    with pytest.raises(ValueError, match="differ"):
        default_labels([Path("a/x.jsonl"), Path("b/x.jsonl")], [])


def test_cli_json_of_three_models(tmp_path: Path) -> None:
    paths = [str(p) for p in write_results(tmp_path)]
    out = CliRunner().invoke(app, ["report", *paths, "--json", "--medals", MEDALS,
                                   "--label", "A", "--label", "B", "--label", "C"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert [m["label"] for m in data["models"]] == ["A", "B", "C"]
    assert [m["years"][0]["total"] for m in data["models"]] == list(TOTALS.values())
    assert [m["years"][0]["medal"] for m in data["models"]] == ["gold", "silver", "none"]
    assert data["models"][2]["source"] == paths[2]
    assert data["mode"] == "ioi" and data["limit"] == 50


def test_cli_one_model_json_keeps_its_shape(tmp_path: Path) -> None:
    path = write_results(tmp_path)[0]
    out = CliRunner().invoke(app, ["report", str(path), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["label"] == "alpha" and data["years"][0]["total"] == TOTALS["alpha"]


def test_cli_console_names_rows_not_judged(tmp_path: Path) -> None:
    paths = [str(p) for p in write_results(tmp_path)]
    out = CliRunner().invoke(app, ["report", *paths], terminal_width=200)
    assert out.exit_code == 0, out.output
    assert "2 rows could not be judged" in out.output
    for key, message in ERROR_MESSAGES.items():
        assert key in out.output and message in out.output
    assert "190/600" in out.output and "160/600" in out.output


def test_cli_wrong_label_count_is_an_error(tmp_path: Path) -> None:
    paths = [str(p) for p in write_results(tmp_path)]
    out = CliRunner().invoke(app, ["report", *paths, "--label", "A"])
    assert out.exit_code == 1 and "--label" in out.output


def test_models_with_different_problems_show_gaps() -> None:
    nile_only = [r for r in model_rows("beta") if r.problem_id == "nile"]
    older = [r.model_copy(update={"year": 2023, "key": "2023/" + r.key}) for r in nile_only]
    report = build_comparison([
        ModelRows(label="alpha", source="a", rows=model_rows("alpha")),
        ModelRows(label="old", source="o", rows=older),
    ])
    assert report.years() == [2024, 2023]
    assert report.problems(2023) == ["nile"]
    page = render_html(report)
    assert "<td>190/600</td><td>-</td>" in page  # the 2024 total of a model without 2024 rows
    assert "<title>old tree: no rows</title>" in page
