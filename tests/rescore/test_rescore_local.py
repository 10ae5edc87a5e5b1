"""Rescoring on the local process pool: code extraction, per-subtask rows,
dedupe of identical sources (within a run and against earlier rows)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rescore_data import BROKEN, CORRECT, OVERFLOW, WRONG, fenced, generation_row, write_jsonl
from typer.testing import CliRunner

from judge.cli import app
from judge.problems.store import StoredProblem
from judge.rescore.models import RowStatus
from judge.rescore.results_file import read_rows
from judge.settings import Settings

pytestmark = pytest.mark.slow


def _run(settings: Settings, gens: Path, out: Path, *extra: str, exit_code: int = 0) -> str:
    result = CliRunner().invoke(
        app,
        ["rescore", str(gens), "--out", str(out), "--workers", "2", "--quiet", *extra],
        env={"JUDGE_DATA_DIR": str(settings.data_dir)},
    )
    assert result.exit_code == exit_code, result.output
    return result.output


def test_rescore_judges_each_source_once_and_keeps_every_row(
    settings: Settings, sum_problem: StoredProblem, tmp_path: Path
) -> None:
    gens = write_jsonl(tmp_path / "gens.jsonl", [
        generation_row("ok", fenced(CORRECT)),
        generation_row("ok-again", fenced(CORRECT), target="01-small"),  # same source
        generation_row("overflow", fenced(OVERFLOW), target="01-small"),
        generation_row("wrong", fenced(WRONG)),
        generation_row("broken", fenced(BROKEN)),
        generation_row("prose", "I could not solve this one, sorry."),
        {"year": 2024, "problem_id": "nosuch", "uuid": "x", "generation": fenced(CORRECT)},
    ])
    out = tmp_path / "results.jsonl"
    output = _run(settings, gens, out, exit_code=2)  # one row could not be judged
    assert "1 rows could not be judged" in output and "2024/nosuch/x:" in output
    rows, warnings = read_rows(out)
    assert warnings == []
    assert len(rows) == 7
    by_id = {r.id: r for r in rows.values()}

    ok = by_id["ok"]
    assert ok.status is RowStatus.JUDGED and ok.verdict == "AC"
    assert ok.queue_seconds is None and ok.judge_seconds > 0  # no service queue locally
    extra = ok.model_extra or {}  # the input row's own fields are kept
    assert extra["uuid"] == "ok" and extra["metadata"] == {"usage": {"output_tokens": 102}}
    assert extra["subtask"] == "02-full" and "generation" in extra
    assert ok.problem == "sum" and ok.problem_version == sum_problem.problem.version
    assert ok.all_subtasks_points == 100 and ok.target_subtask_score == 1.0
    assert [(s.subtask, s.points, s.weighted_score, s.status) for s in ok.all_subtasks_results] == [
        ("00-samples", 0, 0, "AC"), ("01-small", 40, 40, "AC"), ("02-full", 60, 60, "AC")
    ]
    assert "// draft" not in (ok.code or "")  # the last fenced block, not the first

    again = by_id["ok-again"]
    assert again.status is RowStatus.DUPLICATE and again.source_hash == ok.source_hash
    assert again.target_subtask == "01-small" and again.all_subtasks_points == 100

    overflow = by_id["overflow"]
    assert overflow.verdict == "PA" and overflow.all_subtasks_points == 40
    assert [s.score for s in overflow.all_subtasks_results] == [1.0, 1.0, 0.0]

    assert by_id["wrong"].verdict == "WA" and by_id["wrong"].all_subtasks_results[0].score == 0
    broken = by_id["broken"]
    assert broken.verdict == "CE" and not broken.code_compiles and broken.tests_run == 0

    prose = by_id["prose"]
    assert prose.status is RowStatus.NO_CODE and prose.tests_run == 0
    assert {s.status for s in prose.all_subtasks_results} == {"CE"}
    assert by_id["x"].status is RowStatus.ERROR and "nosuch" in (by_id["x"].error or "")

    # A second input with the same source under a new id reuses the judged result.
    more = write_jsonl(tmp_path / "more.jsonl", [generation_row("ok-3", fenced(CORRECT))])
    _run(settings, more, out)
    rows, _ = read_rows(out)
    assert rows["2024/sum/ok-3"].status is RowStatus.DUPLICATE
    judged = [r for r in rows.values() if r.status is RowStatus.JUDGED]
    assert len(judged) == 4  # ok, overflow, wrong, broken


def test_report_and_select_over_rescored_rows(
    settings: Settings, sum_problem: StoredProblem, tmp_path: Path
) -> None:
    gens = write_jsonl(tmp_path / "gens.jsonl", [
        generation_row("overflow", fenced(OVERFLOW), target="01-small"),
        generation_row("ok", fenced(CORRECT)),
        generation_row("prose", "no code"),
    ])
    out = tmp_path / "results.jsonl"
    _run(settings, gens, out)
    html = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(out), "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert "sum" in result.output and "100" in result.output
    page = html.read_text()
    assert "<svg" in page and "http://" not in page and "https://" not in page
    picked = CliRunner().invoke(app, ["select", str(out), "--limit", "1"])
    assert picked.exit_code == 0, picked.output
    assert picked.output.split() == ["2024", "sum", "ok"]
