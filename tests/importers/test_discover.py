"""Folders of packages, and the year and day their names tell."""

from __future__ import annotations

import shutil
from pathlib import Path

from judge.importers import find_packages, infer_year_day


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
