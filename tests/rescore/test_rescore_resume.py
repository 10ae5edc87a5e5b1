"""A rescoring run killed with SIGKILL halfway and run again: every row ends up
in the results file exactly once, each distinct source judged once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rescore_data import CORRECT, OVERFLOW, fenced, generation_row, write_jsonl

from judge.problems.store import StoredProblem
from judge.rescore.models import RowStatus
from judge.rescore.results_file import read_rows
from judge.settings import Settings

pytestmark = pytest.mark.slow

DISTINCT = 10


def _command(gens: Path, out: Path) -> list[str]:
    return [
        sys.executable, "-c", "from judge.cli import app; app()",
        "rescore", str(gens), "--out", str(out), "--workers", "2", "--quiet",
    ]


def _complete_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_sigkill_then_resume_loses_and_repeats_nothing(
    settings: Settings, sum_problem: StoredProblem, tmp_path: Path
) -> None:
    rows = [
        generation_row(f"v{i}", fenced(CORRECT if i % 2 else OVERFLOW, f"// variant {i}\n"))
        for i in range(DISTINCT)
    ]
    rows += [generation_row("dup", fenced(CORRECT, "// variant 1\n")),
             generation_row("none", "no code here")]
    gens = write_jsonl(tmp_path / "gens.jsonl", rows)
    out = tmp_path / "results.jsonl"
    env = {**os.environ, "JUDGE_DATA_DIR": str(settings.data_dir)}

    proc = subprocess.Popen(_command(gens, out), env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _complete_lines(out) < 4 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    if proc.stderr:
        proc.stderr.close()
    first = _complete_lines(out)
    assert 4 <= first < len(rows), "the kill should land halfway"

    done = subprocess.run(_command(gens, out), env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()

    lines = [ln for ln in out.read_bytes().split(b"\n") if ln.strip()]
    results, warnings = read_rows(out)
    assert warnings == []
    assert len(lines) == len(rows) == len(results)  # each row once: nothing lost or repeated
    judged = [r for r in results.values() if r.status is RowStatus.JUDGED]
    assert len(judged) == DISTINCT
    assert results["2024/sum/dup"].status is RowStatus.DUPLICATE
    assert results["2024/sum/none"].status is RowStatus.NO_CODE
    assert {r.all_subtasks_points for r in judged} == {100.0, 40.0}
