"""Folders of packages, and the year and day their names tell."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from importer_helpers import minimal_cms, write_zip

from judge.importers import find_packages, import_problem, infer_year_day
from judge.problems.store import ProblemStore
from judge.settings import ArchiveLimits


def test_infer_year_day() -> None:
    assert infer_year_day(Path("/data/ioi2024/day1/message.zip")) == (2024, 1)
    assert infer_year_day(Path("/data/IOI-2023/practice/x.zip")) == (2023, 0)
    assert infer_year_day(Path("/data/2022/day2/task/")) == (2022, 2)
    assert infer_year_day(Path("/tmp/pytest-of-root/x.zip")) == (None, None)


def test_find_packages(tmp_path: Path, shared: Path) -> None:
    year = tmp_path / "ioi2024"
    (year / "day1").mkdir(parents=True)
    (year / "practice").mkdir()
    shutil.copy(shared / "message-CMS.zip", year / "day1")
    shutil.copy(shared / "aplusb-CMS.zip", year / "practice")
    plain = year / "extra" / "sum"
    plain.mkdir(parents=True)
    (plain / "problem.toml").write_text("")
    (year / "notes.txt").write_text("not a package")
    found = find_packages(year)
    assert [p.relative_to(year).as_posix() for p in found] == [
        "day1/message-CMS.zip",
        "extra/sum",
        "practice/aplusb-CMS.zip",
    ]
    assert find_packages(plain) == []  # a problem folder, not a folder of packages


def test_year_day_precedence(tmp_path: Path) -> None:
    """Explicit arguments, then the package's metadata, then folder names."""
    files = minimal_cms()
    meta = json.loads(files["tiny/problem.json"])
    files["tiny/problem.json"] = json.dumps({**meta, "year": 2020}).encode()
    (tmp_path / "ioi2023" / "day2").mkdir(parents=True)
    archive = write_zip(tmp_path / "ioi2023" / "day2" / "tiny.zip", files)
    store = ProblemStore(tmp_path / "data" / "problems")
    p = import_problem(archive, store, ArchiveLimits(), infer_from_path=True).problem
    assert (p.year, p.day) == (2020, 2)
    p = import_problem(archive, store, ArchiveLimits(), year=2019, infer_from_path=True).problem
    assert (p.year, p.day) == (2019, 2)
    p = import_problem(archive, store, ArchiveLimits()).problem
    assert (p.year, p.day) == (2020, None)
