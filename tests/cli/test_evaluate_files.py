"""``ioi-judge evaluate`` with output files: a source and/or output files given
as files, a folder or a zip; files that make no submission are one-line errors."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from output_problems import PY_SUM, RIGHT, batch_and_output, files, output_only
from typer.testing import CliRunner

from judge.cli import app
from judge.problems.store import ProblemStore


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("JUDGE_DATA_DIR", str(data))
    store = ProblemStore(data / "problems")
    batch_and_output(store)
    output_only(store)
    return data


def _write(folder: Path, contents: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in contents.items():
        (folder / name).write_text(text)
    return folder


def _evaluate(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["evaluate", *args, "--json"])
    return result.exit_code, json.loads(result.stdout) if result.exit_code == 0 else {
        "error": result.stderr}


def test_a_source_and_files_together(data_dir: Path, tmp_path: Path) -> None:
    folder = _write(tmp_path / "answers", files({"oo": RIGHT["oo"]}))
    source = _write(tmp_path / "src", {"sum.py": PY_SUM}) / "sum.py"
    code, result = _evaluate("bao", str(source), str(folder))
    assert code == 0, result
    assert {t["name"]: t["message"] for t in result["tests"]} == {
        "b1": "right batch", "b2": "right batch", "oo": "right outputonly"}
    assert result["score"] == 100


def test_output_only_from_a_zip(data_dir: Path, tmp_path: Path) -> None:
    archive = tmp_path / "answers.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, text in files(RIGHT).items():
            zf.writestr(f"answers/{name}", text)
    code, result = _evaluate("oonly", str(archive))
    assert code == 0, result
    assert result["score"] == 100 and result["compile"]["message"] == "No compilation needed"


@pytest.mark.parametrize(("problem", "names", "error"), [
    ("bao", ["output_zz.txt"], "output_zz.txt: problem 'bao' has no test 'zz'"),
    ("oonly", ["sum.py"], "an OutputOnly problem takes output files"),
    ("bao", ["a.py", "b.py"], "more than one source"),
    ("bao", ["notes.md"], "cannot tell the language of notes.md"),
])
def test_files_that_make_no_submission(
    data_dir: Path, tmp_path: Path, problem: str, names: list[str], error: str
) -> None:
    folder = _write(tmp_path / "given", {name: PY_SUM for name in names})
    code, result = _evaluate(problem, *[str(folder / name) for name in names])
    assert code == 1
    assert error in result["error"] and len(result["error"].strip().splitlines()) == 1
