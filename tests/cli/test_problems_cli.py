"""``ioi-judge problems ...`` end to end through Typer's runner, with a temporary
data dir (JUDGE_DATA_DIR)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openr1_rows import export_openr1, write_rows
from shared_data import shared
from typer.testing import CliRunner

from judge.cli.problems import problems_app
from judge.importers import import_problem
from judge.problems.store import ProblemStore
from judge.settings import ArchiveLimits

SAMPLES = Path(__file__).resolve().parents[2] / "problems"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shared("ioi2024")
    data = tmp_path / "data"
    monkeypatch.setenv("JUDGE_DATA_DIR", str(data))
    return data


def run(*args: str):
    return CliRunner().invoke(problems_app, list(args))


def test_import_folder_list_show(data_dir: Path, tmp_path: Path) -> None:
    year = tmp_path / "ioi2024"
    (year / "day1").mkdir(parents=True)
    shutil.copy(shared("ioi2024") / "message-CMS.zip", year / "day1")
    shutil.copy(shared("ioi2024") / "aplusb-CMS.zip", year)
    result = run("import", str(year))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ok aplusb-CMS.zip: aplusb  version ")
    assert lines[1].startswith("ok message-CMS.zip: message  version ")
    assert lines[-1] == "2 imported, 0 failed"
    message = ProblemStore(data_dir / "problems").get("message").problem
    assert (message.year, message.day) == (2024, 1)

    listing = run("list")
    assert listing.exit_code == 0
    assert "aplusb" in listing.stdout and "Communication" in listing.stdout

    show = run("show", "message")
    assert show.exit_code == 0
    for text in ("2 processes", "3 s", "2048 MiB", message.version, "len64", "90"):
        assert text in show.stdout, text
    as_json = run("show", "aplusb", "--json")
    assert '"id": "aplusb"' in as_json.stdout


def test_import_one_with_id_and_plain_sample(data_dir: Path) -> None:
    machine = shared("ioi2024", "machine-CMS.zip")
    result = run("import", str(machine), "--id", "machine2", "--day", "0")
    assert result.exit_code == 0, result.output
    assert "machine2  version" in result.stdout and "43 tests" in result.stdout
    assert run("import", str(SAMPLES / "sum")).exit_code == 0
    show = run("show", "sum")
    assert "small" in show.stdout and "40" in show.stdout


def test_errors_are_one_line_with_exit_code_1(data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_text("not a zip")
    for args in (["import", str(bad)], ["show", "nope"], ["import", str(tmp_path / "none")]):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
        assert "Traceback" not in result.output
    assert not (data_dir / "problems").exists()


def test_folder_with_a_bad_package_reports_it(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ioi2024"
    folder.mkdir()
    shutil.copy(shared("ioi2024") / "aplusb-CMS.zip", folder)
    shutil.copy(shared("ioi2024") / "aplusb-CMS.zip", folder / "copy-CMS.zip")
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 truncated")
    result = run("import", str(folder))
    assert result.exit_code == 1
    assert "FAILED broken.zip: broken.zip: not a zip archive" in result.stderr
    assert "FAILED copy-CMS.zip: duplicate problem id 'aplusb'" in result.stderr
    assert result.stdout.splitlines()[-1] == "1 imported, 2 failed"


def test_import_openr1(data_dir: Path, tmp_path: Path) -> None:
    staging = ProblemStore(tmp_path / "export" / "problems")
    message = shared("ioi2024", "message-CMS.zip")
    stored = import_problem(message, staging, ArchiveLimits(), year=2024)
    rows, tests = export_openr1(stored)
    write_rows(rows, tmp_path / "ioi.parquet")
    write_rows(tests, tmp_path / "tests.parquet")
    result = run("import-openr1", str(tmp_path / "ioi.parquet"), str(tmp_path / "tests.parquet"))
    assert result.exit_code == 0, result.output
    assert "ok 2024-message  version" in result.stdout
    show = run("show", "2024-message")
    assert "2 processes" in show.stdout
    missing = run("import-openr1", str(tmp_path / "ioi.parquet"), str(tmp_path / "no.parquet"))
    assert missing.exit_code == 1 and missing.stderr.startswith("error: no such file")


def test_unusable_data_dir_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("")
    monkeypatch.setenv("JUDGE_DATA_DIR", str(not_a_dir))
    result = run("import", str(SAMPLES / "sum"))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot use the data directory")
    assert result.stderr.count("\n") == 1


def test_verify_notes_a_verdict_difference_and_fails_a_score_promise(
    data_dir: Path, tmp_path: Path
) -> None:
    """A runtime_error solution that only answers wrong keeps the score promise
    (a note; --strict fails it); a 'correct' one that answers wrong fails."""
    problem = tmp_path / "sum"
    shutil.copytree(SAMPLES / "sum", problem)
    shutil.rmtree(problem / "solutions" / "model_solution")
    wrong = (problem / "solutions" / "incorrect" / "sum_int.cpp").read_text()
    (problem / "solutions" / "runtime_error").mkdir()
    (problem / "solutions" / "runtime_error" / "wrong.cpp").write_text(wrong)
    assert run("import", str(problem)).exit_code == 0

    lenient = run("verify", "sum")
    assert lenient.exit_code == 0, lenient.output
    assert "verdict note: expected some test RE" in lenient.output
    strict = run("verify", "sum", "--strict")
    assert strict.exit_code == 1 and "MISMATCH" in strict.output

    (problem / "solutions" / "correct").mkdir()
    (problem / "solutions" / "correct" / "wrong.cpp").write_text(wrong)
    assert run("import", str(problem)).exit_code == 0
    failing = run("verify", "sum")
    assert failing.exit_code == 1
    assert "MISMATCH: expected full score" in failing.output


def test_verify_prints_a_package_error_apart(data_dir: Path, tmp_path: Path) -> None:
    """A 'correct' solution the checker answers wrong on a test the model
    solution passes is a package error: its own line and count, exit 0 (1 with
    --strict)."""
    problem = tmp_path / "sum"
    shutil.copytree(SAMPLES / "sum", problem)
    wrong = (problem / "solutions" / "incorrect" / "sum_int.cpp").read_text()
    (problem / "solutions" / "correct").mkdir(exist_ok=True)
    (problem / "solutions" / "correct" / "wrong.cpp").write_text(wrong)
    assert run("import", str(problem)).exit_code == 0

    lenient = run("verify", "sum", "--early-stop")
    assert lenient.exit_code == 0, lenient.output
    assert "PACKAGE ERROR: expected full score on subtask" in lenient.output
    assert "0 score mismatches, 1 package errors" in lenient.output
    assert run("verify", "sum", "--strict").exit_code == 1
