"""``ioi-judge rescore --server``: rescoring through a real running service."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from client_service import Service
from sum_problem import CORRECT, OVERFLOW
from typer.testing import CliRunner

from judge.cli import app
from judge.rescore.models import RowStatus
from judge.rescore.results_file import read_rows

pytestmark = pytest.mark.slow


def test_rescore_through_the_service(service: Service, tmp_path: Path) -> None:
    fence = "```cpp\n{}```"
    rows = [
        {"problem_id": "sum", "uuid": "a", "subtask": "02-full",
         "generation": fence.format(CORRECT)},
        {"problem_id": "sum", "uuid": "b", "subtask": "01-small",
         "generation": fence.format(OVERFLOW)},
        {"problem_id": "sum", "uuid": "c", "subtask": "01-small", "code": CORRECT},
        {"problem_id": "sum", "uuid": "d", "generation": "no code"},
        {"problem_id": "unknown", "uuid": "e", "generation": fence.format(CORRECT)},
    ]
    gens = tmp_path / "gens.jsonl"
    gens.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "results.jsonl"
    result = CliRunner().invoke(
        app,
        ["rescore", str(gens), "--out", str(out), "--server", service.url,
         "--token", service.token, "--workers", "3", "--quiet", "--json"],
        env={"JUDGE_DATA_DIR": str(tmp_path / "empty-store")},
    )
    assert result.exit_code == 2, result.output  # a row could not be judged: not a success
    assert "1 rows could not be judged" in result.output and "-/unknown/e: 404" in result.output
    [line] = [x for x in result.output.splitlines() if x.startswith("{")]
    stats = json.loads(line)
    assert stats["judged"] == 2 and stats["duplicates"] == 1 and stats["errors"] == 1
    got, _ = read_rows(out)
    by_id = {r.id: r for r in got.values()}
    assert by_id["a"].all_subtasks_points == 100 and by_id["a"].problem_version
    # The service's timestamps split the time: waiting in its queue, then judging.
    assert by_id["a"].queue_seconds is not None and by_id["a"].queue_seconds >= 0
    assert 0 < by_id["a"].judge_seconds < 60
    assert by_id["b"].target_subtask_score == 1.0 and by_id["b"].all_subtasks_points == 40
    assert by_id["c"].status is RowStatus.DUPLICATE
    assert by_id["d"].status is RowStatus.NO_CODE
    assert by_id["e"].status is RowStatus.ERROR and "404" in (by_id["e"].error or "")
