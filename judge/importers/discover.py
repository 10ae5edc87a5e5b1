"""A folder of packages (a whole IOI year: ``ioi2024/day1/*.zip``, ...) and the
year and day its layout tells."""

from __future__ import annotations

import re
from pathlib import Path

from judge.importers.plain import MANIFEST as PLAIN_MANIFEST

CMS_MANIFEST = "problem.json"

YEAR = re.compile(r"^(?:ioi)?[-_]?((?:19|20)\d\d)$", re.IGNORECASE)
DAY = re.compile(r"^day[-_]?(\d)$", re.IGNORECASE)
PRACTICE = {"practice", "day0"}
MAX_DEPTH = 4


def is_problem_dir(path: Path) -> bool:
    return (path / CMS_MANIFEST).is_file() or (path / PLAIN_MANIFEST).is_file()


def find_packages(folder: Path) -> list[Path]:
    """Every package below ``folder``: ``*.zip`` files and directories holding a
    manifest (not searched further). Empty when ``folder`` is itself a problem."""
    if is_problem_dir(folder):
        return []
    found: list[Path] = []
    _walk(folder, 0, found)
    return found


def _walk(folder: Path, depth: int, found: list[Path]) -> None:
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.is_file() and entry.suffix.lower() == ".zip":
            found.append(entry)
        elif entry.is_dir():
            if is_problem_dir(entry):
                found.append(entry)
            elif depth < MAX_DEPTH:
                _walk(entry, depth + 1, found)


def infer_year_day(path: Path) -> tuple[int | None, int | None]:
    """Year and day from folder names: ``ioi2024`` or ``2024``, ``day1``; a
    ``practice`` folder is day 0. The nearest matching folder wins."""
    year = day = None
    for part in reversed(path.resolve().parts[:-1]):
        if year is None and (m := YEAR.match(part)):
            year = int(m.group(1))
        if day is None:
            if part.lower() in PRACTICE:
                day = 0
            elif m := DAY.match(part):
                day = int(m.group(1))
    return year, day
