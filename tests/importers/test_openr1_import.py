"""open-r1 rows, built by exporting the shared CMS packages to Parquet and JSONL,
import to the same subtasks, tests and limits as the CMS import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from importer_helpers import snapshot
from openr1_rows import export_openr1, write_rows

from judge.importers import ImportFailed, import_openr1, import_problem
from judge.importers.openr1 import manager_processes, parse_day
from judge.problems.model import Problem
from judge.problems.store import ProblemStore
from judge.settings import ArchiveLimits

TASKS = ["aplusb", "machine", "message"]
DAYS = {"aplusb": 0, "machine": 0, "message": 1}


@pytest.fixture(scope="module")
def cms_problems(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> dict[str, Any]:
    """CMS imports of the three packages and their open-r1 rows."""
    store = ProblemStore(tmp_path_factory.mktemp("cms") / "problems")
    problems, rows, tests = {}, [], []
    for task in TASKS:
        stored = import_problem(
            shared / f"{task}-CMS.zip", store, ArchiveLimits(), year=2024, day=DAYS[task]
        )
        problems[task] = stored.problem
        p_rows, t_rows = export_openr1(stored)
        rows += p_rows
        tests += t_rows
    return {"problems": problems, "rows": rows, "tests": tests}


def _write(
    tmp: Path, suffix: str, rows: list[dict[str, Any]], tests: list[dict[str, Any]]
) -> tuple[Path, Path]:
    problems_file, tests_file = tmp / f"ioi{suffix}", tmp / f"ioi-test-cases{suffix}"
    write_rows(rows, problems_file)
    write_rows(tests, tests_file)
    return problems_file, tests_file


def _same_judging(a: Problem, b: Problem) -> None:
    assert [(s.index, s.name, s.max_score, s.tests) for s in a.subtasks] == [
        (s.index, s.name, s.max_score, s.tests) for s in b.subtasks
    ]
    assert [(t.name, t.input, t.output) for t in a.tests] == [
        (t.name, t.input, t.output) for t in b.tests
    ]
    assert (a.time_limit, a.memory_limit, a.score_precision) == (
        b.time_limit,
        b.memory_limit,
        b.score_precision,
    )
    assert (a.task_type, a.batch, a.communication) == (b.task_type, b.batch, b.communication)
    assert (a.graders, a.checker, a.manager) == (b.graders, b.checker, b.manager)
    assert (a.name, a.year, a.day) == (b.name, b.year, b.day)


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_openr1_rows_match_cms_import(
    suffix: str, tmp_path: Path, store: ProblemStore, cms_problems: dict[str, Any]
) -> None:
    files = _write(tmp_path, suffix, cms_problems["rows"], cms_problems["tests"])
    stored = import_openr1(*files, store)
    by_id = {s.problem.id: s for s in stored}
    assert sorted(by_id) == ["2024-aplusb", "2024-machine", "2024-message"]
    for task in TASKS:
        got = by_id[f"2024-{task}"]
        _same_judging(got.problem, cms_problems["problems"][task])
        for t in got.problem.tests:
            assert got.path(t.input).is_file()
    assert by_id["2024-message"].problem.communication.num_processes == 2  # type: ignore[union-attr]
    assert by_id["2024-machine"].problem.communication.num_processes == 1  # type: ignore[union-attr]
    again = import_openr1(*files, store)
    assert [s.problem.version for s in again] == [s.problem.version for s in stored]


def test_only_id_template_and_memory_in_mb(
    tmp_path: Path, store: ProblemStore, cms_problems: dict[str, Any]
) -> None:
    rows = [{**r, "memory_limit": 2048} for r in cms_problems["rows"] if r["id"] == "aplusb"]
    files = _write(tmp_path, ".jsonl", rows, cms_problems["tests"])
    [stored] = import_openr1(*files, store, only={"aplusb"}, id_template="ioi{year}_{id}")
    assert stored.problem.id == "ioi2024_aplusb"
    assert stored.problem.memory_limit == 2 * 1024**3
    [as_bytes] = import_openr1(*files, store, memory_unit="bytes")
    assert as_bytes.problem.memory_limit == 2048


def _bad(
    rows: list[dict[str, Any]], tests: list[dict[str, Any]], task: str, change: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows = [dict(r) for r in rows if r["id"] == task]
    tests = [dict(t) for t in tests if t["problem_id"] == task]
    if change == "missing-test":
        rows[-1]["test_names"] = [*rows[-1]["test_names"], "9-99"]
    elif change == "traversal":
        rows[0]["grader_files"] = [*rows[0]["grader_files"], ["../../evil.h", "x"]]
    elif change == "no-tests":
        tests = []
    elif change == "duplicate-test":
        tests.append(tests[0])
    elif change == "disagree":
        rows[0]["time_limit"] = 9.0
    elif change == "no-output":
        tests[0]["test_output"] = None
    return rows, tests


BAD = {
    "missing-test": "names missing tests: 9-99",
    "traversal": "outside the archive",
    "no-tests": "has no tests for it",
    "duplicate-test": "appears twice",
    "disagree": "disagree on time_limit",
    "no-output": "has no expected output",
}


@pytest.mark.parametrize("change", sorted(BAD))
def test_bad_rows_are_refused_and_store_unchanged(
    change: str, tmp_path: Path, store: ProblemStore, cms_problems: dict[str, Any]
) -> None:
    good = _write(tmp_path, ".jsonl", cms_problems["rows"], cms_problems["tests"])
    import_openr1(*good, store, only={"machine"})
    task = "machine" if change != "no-output" else "aplusb"
    if change == "no-output":  # a Batch task without a checker needs outputs
        rows = [dict(r) for r in cms_problems["rows"] if r["id"] == "aplusb"]
        for r in rows:
            r["grader_files"] = [g for g in r["grader_files"] if not g[0].startswith("checker/")]
        rows, tests = _bad(rows, cms_problems["tests"], task, change)
    else:
        rows, tests = _bad(cms_problems["rows"], cms_problems["tests"], task, change)
    (tmp_path / "bad").mkdir()
    files = _write(tmp_path / "bad", ".parquet", rows, tests)
    before = snapshot(store)
    with pytest.raises(ImportFailed) as info:
        import_openr1(*files, store)
    assert BAD[change] in str(info.value) and "\n" not in str(info.value)
    assert snapshot(store) == before


# A broken problem, with --keep-going: what is broken and the error it gives.
KEEP_GOING = {
    "test_names": (["nope"], "2024-machine:"),
    # Drafts are checked where they are built, inside the per-problem steps.
    "score_precision": (11, "2024-machine: invalid problem: score_precision"),
}


@pytest.mark.parametrize("field", sorted(KEEP_GOING))
def test_keep_going_imports_the_good_problems(
    field: str, tmp_path: Path, store: ProblemStore, cms_problems: dict[str, Any]
) -> None:
    value, message = KEEP_GOING[field]
    rows = [dict(r) for r in cms_problems["rows"] if r["id"] in ("aplusb", "machine")]
    for r in rows:
        if r["id"] == "machine":
            r[field] = value
    files = _write(tmp_path, ".jsonl", rows, cms_problems["tests"])
    errors: list[str] = []
    stored = import_openr1(*files, store, on_error=lambda pid, exc: errors.append(str(exc)))
    assert [s.problem.id for s in stored] == ["2024-aplusb"]
    assert len(errors) == 1 and errors[0].startswith(message)
    assert [p.id for p in store.list()] == ["2024-aplusb"]


def test_unreadable_files(tmp_path: Path, store: ProblemStore) -> None:
    bad_jsonl = tmp_path / "p.jsonl"
    bad_jsonl.write_text('{"year": 2024}\n{oops\n')
    with pytest.raises(ImportFailed, match=r"p\.jsonl line 1"):
        import_openr1(bad_jsonl, bad_jsonl, store)
    bad_json = tmp_path / "q.jsonl"
    bad_json.write_text("{oops\n")
    with pytest.raises(ImportFailed, match=r"q\.jsonl line 1: invalid JSON"):
        import_openr1(bad_json, bad_json, store)
    bad_parquet = tmp_path / "p.parquet"
    bad_parquet.write_bytes(b"PAR1 not really")
    with pytest.raises(ImportFailed, match="not a readable Parquet file"):
        import_openr1(bad_parquet, bad_parquet, store)
    csv = tmp_path / "x.csv"
    csv.write_text("year,id\n")
    with pytest.raises(ImportFailed, match=r"expected a \.parquet or \.jsonl"):
        import_openr1(csv, csv, store)
    assert not store.root.exists()


def test_manager_processes_and_days(tmp_path: Path) -> None:
    (tmp_path / "graders").mkdir()
    (tmp_path / "graders" / "manager.cpp").write_text(
        'int main(int argc, char **argv) {\n\tregisterManager("x", 3, argc, argv);\n}\n'
    )
    assert manager_processes(tmp_path) == 3
    (tmp_path / "graders" / "manager.cpp").write_text("int main() {}\n")
    assert manager_processes(tmp_path) == 1
    assert [parse_day(d) for d in ("day1", "day2", "practice", "", None, 2)] == [
        1,
        2,
        0,
        None,
        None,
        2,
    ]


def test_export_rows_follow_the_published_schema(cms_problems: dict[str, Any]) -> None:
    row = next(r for r in cms_problems["rows"] if r["id"] == "message")
    assert row["subtask"] == "00-samples" and row["day"] == "day1"
    assert row["memory_limit"] == 2147483648 and row["time_limit"] == 3.0
    names = [name for name, _ in row["grader_files"]]
    assert "graders/manager.cpp" in names and "graders/stub.cpp" in names
    test = next(t for t in cms_problems["tests"] if t["problem_id"] == "message")
    assert set(test) == {
        "year",
        "day",
        "problem_name",
        "problem_id",
        "test_name",
        "test_input",
        "test_output",
    }
    json.dumps(cms_problems["rows"])  # plain JSON values only
