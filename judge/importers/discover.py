"""What a package is (CMS export, TPS package, plain format), a folder of
packages (a whole IOI year: ``ioi2024/day1/*.zip``, ...) and the year and day
its layout tells."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path

from judge.importers.errors import ImportFailed
from judge.importers.plain import MANIFEST as PLAIN_MANIFEST

CMS_MANIFEST = "problem.json"  # also TPS's
TPS_SUBTASKS = "subtasks.json"
CMS_SUBTASKS = "subtasks"

YEAR = re.compile(r"^(?:ioi)?[-_]?((?:19|20)\d\d)$", re.IGNORECASE)
DAY = re.compile(r"^day[-_]?(\d)$", re.IGNORECASE)
PRACTICE = {"practice", "day0"}
MAX_DEPTH = 4


def is_problem_dir(path: Path) -> bool:
    return (path / CMS_MANIFEST).is_file() or (path / PLAIN_MANIFEST).is_file()


class PackageFormat(StrEnum):
    CMS = "cms"
    TPS = "tps"
    PLAIN = "plain"


def package_format(root: Path) -> PackageFormat:
    """Tell the formats apart by what only each has: a TPS ``problem.json`` says
    ``type`` and sits beside ``subtasks.json``; a CMS one says ``task_type`` and
    keeps ``subtasks/NN-name.json``. A package with marks of both, or a TPS
    ``type`` without ``subtasks.json``, is refused rather than half read."""
    if not (root / CMS_MANIFEST).is_file():
        return PackageFormat.PLAIN
    keys = _manifest_keys(root / CMS_MANIFEST)
    tps = "type" in keys or (root / TPS_SUBTASKS).is_file()
    cms = "task_type" in keys or (root / CMS_SUBTASKS).is_dir()
    if tps and cms:
        raise ImportFailed(
            "problem.json: the package mixes the CMS layout (task_type, subtasks/) "
            "and the TPS layout (type, subtasks.json)"
        )
    if tps and not (root / TPS_SUBTASKS).is_file():
        raise ImportFailed("problem.json says a TPS type but the package has no subtasks.json")
    return PackageFormat.TPS if tps else PackageFormat.CMS


def _manifest_keys(path: Path) -> set[str]:
    """The top-level keys of ``problem.json``; none when it is not an object
    (the loader then says what is wrong with it)."""
    try:
        data = json.loads(path.read_bytes())
    except (ValueError, OSError):
        return set()
    return set(data) if isinstance(data, dict) else set()


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
