"""Test helper: a stored problem as open-r1 rows (the inverse of
:mod:`judge.importers.openr1`), written to Parquet or JSON Lines, to build dataset
files from the CMS packages for the open-r1 import tests. Units follow the
published dataset: seconds and bytes. (At the top of ``tests/`` so that every test
folder can import it.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from judge.importers.errors import ImportFailed
from judge.problems.store import StoredProblem


def day_label(day: int | None) -> str:
    if day is None:
        return ""
    return "practice" if day == 0 else f"day{day}"


def export_openr1(
    stored: StoredProblem, year: int | None = None, statement: str = ""
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(problem rows, test rows)``: one ``open-r1/ioi`` row per subtask and one
    ``open-r1/ioi-test-cases`` row per test."""
    p = stored.problem
    year = year if year is not None else p.year
    if year is None:
        raise ImportFailed(f"{p.id}: the open-r1 schema needs a year")
    task_id = p.id.removeprefix(f"{year}-")
    grader_files = [[rel, stored.path(rel).read_text()] for rel in _grader_files(stored)]
    common = {
        "year": year,
        "day": day_label(p.day),
        "name": p.name,
        "id": task_id,
        "statement": statement,
        "time_limit": p.time_limit,
        "memory_limit": p.memory_limit,
        "score_precision": p.score_precision,
        "task_type": p.task_type.value,
        "starting_code": "",
        "grader_files": grader_files,
        "problem": statement,
    }
    problems = [
        {
            **common,
            "subtask": f"{s.index:02d}-{s.name}",
            "score": s.max_score,
            "test_names": list(s.tests),
        }
        for s in p.subtasks
    ]
    tests = [
        {
            "year": year,
            "day": common["day"],
            "problem_name": p.name,
            "problem_id": task_id,
            "test_name": t.name,
            "test_input": stored.path(t.input).read_text(),
            "test_output": stored.path(t.output).read_text() if t.output else None,
        }
        for t in p.tests
    ]
    return problems, tests


def _grader_files(stored: StoredProblem) -> list[str]:
    """Every judged file but the tests: graders, checker, manager."""
    p = stored.problem
    tests = {t.input for t in p.tests} | {t.output for t in p.tests if t.output}
    return [rel for rel in p.judged_files() if rel not in tests]


def write_rows(rows: list[dict[str, Any]], path: Path) -> None:
    """Parquet for ``.parquet``, else JSON Lines."""
    if path.suffix.lower() == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(rows), path)
        return
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
