"""The results file survives a torn last line (as a SIGKILL leaves it)."""

from __future__ import annotations

from pathlib import Path

from judge.rescore.models import RescoreRow, RowStatus
from judge.rescore.results_file import ResultsWriter, read_rows


def _row(key: str, status: RowStatus = RowStatus.NO_CODE) -> RescoreRow:
    return RescoreRow(key=key, id=key, problem_id="p", status=status, verdict="NO_CODE")


def test_torn_last_line_is_ignored_and_cut_before_appending(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    with ResultsWriter(path) as w:
        w.append(_row("a"))
        w.append(_row("b"))
    whole = path.read_bytes()
    path.write_bytes(whole + _row("c").model_dump_json().encode()[:25])  # killed mid-write

    rows, warnings = read_rows(path)
    assert sorted(rows) == ["a", "b"]
    assert len(warnings) == 1 and "truncated" in warnings[0]

    with ResultsWriter(path) as w:
        w.append(_row("c"))
    rows, warnings = read_rows(path)
    assert sorted(rows) == ["a", "b", "c"] and warnings == []
    assert path.read_bytes().count(b"\n") == 3


def test_a_later_row_replaces_an_error_row(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    with ResultsWriter(path) as w:
        w.append(_row("a", RowStatus.ERROR))
        w.append(_row("a"))
    rows, _ = read_rows(path)
    assert rows["a"].status is RowStatus.NO_CODE and rows["a"].done
