"""The C++ standard a package compiles its own reference solutions with.

A reference solution was written for, and tested with, the compile line of its
year: IOI 2025 publishes ``g++ -std=gnu++20`` (``attachments/<task>.zip``,
``cpp/compile``), IOI 2024 ``-std=gnu++17`` (``cpp/compile_cpp.sh``), the IOI 2017
TPS packages ``--std=gnu++14`` (``scripts/compile.sh``, ``public/cpp/compile_cpp.sh``).
Judged in another standard a solution can change meaning (a C++20 solution may
not compile as C++17), so ``problems verify`` must use the package's own. The
standard becomes the ``language`` of the package's C++ reference solutions: the
registered C++ language of that standard, else the oldest newer one (the judge
has no C++14; GNU C++17 compiles IOI 2017 code), else the newest.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from judge.languages.base import Language
from judge.languages.registry import LANGUAGES
from judge.problems.model import ReferenceSolution

# Where packages write their compile line, relative to the package root.
SCRIPTS = ("scripts/compile.sh", "public/cpp/compile_cpp.sh", "cpp/compile", "cpp/compile_cpp.sh")
ATTACHMENTS = "attachments"
MAX_SCRIPT_BYTES = 64 * 1024
_STD = re.compile(r"(?<![\w-])--?std=(?:gnu|c)\+\+(\w+)")
# GCC's names for standards before their year was known.
_DRAFT_YEARS = {"0x": 11, "1y": 14, "1z": 17, "2a": 20, "2b": 23, "2c": 26}


def package_standard(root: Path) -> int | None:
    """The C++ standard year (14, 17, 20, ...) the package's compile line names, or None."""
    for text in _scripts(root):
        match = _STD.search(text)
        if match is not None:
            return _year(match.group(1))
    return None


def language_for_standard(year: int) -> Language:
    """The registered C++ language closest to ``year`` that is not older, else the newest."""
    cpp = sorted((lang for lang in LANGUAGES.values() if lang.family == "cpp"), key=_lang_year)
    newer = [lang for lang in cpp if _lang_year(lang) >= year]
    return newer[0] if newer else cpp[-1]


def with_package_standard(
    root: Path, solutions: list[ReferenceSolution]
) -> list[ReferenceSolution]:
    """``solutions`` with each C++ one in the language of the package's compile line
    (unchanged when the package names none)."""
    year = package_standard(root)
    if year is None:
        return solutions
    name = language_for_standard(year).name
    cpp = {lang.name for lang in LANGUAGES.values() if lang.family == "cpp"}
    return [s.model_copy(update={"language": name}) if s.language in cpp else s for s in solutions]


def _scripts(root: Path) -> list[str]:
    """The text of every compile script: in the package, then in its attachments."""
    found = [_read(root / rel) for rel in SCRIPTS if (root / rel).is_file()]
    attachments = root / ATTACHMENTS
    if attachments.is_dir():
        for archive in sorted(attachments.glob("*.zip")):
            found += _zipped_scripts(archive)
    return found


def _read(path: Path) -> str:
    with path.open("rb") as handle:
        return handle.read(MAX_SCRIPT_BYTES).decode("utf-8", errors="replace")


def _zipped_scripts(archive: Path) -> list[str]:
    """Compile scripts inside a contestant attachment (``cpp/compile``); an
    unreadable attachment names none."""
    try:
        with zipfile.ZipFile(archive) as zf:
            members = [i for i in zf.infolist()
                       if not i.is_dir() and i.file_size <= MAX_SCRIPT_BYTES
                       and any(i.filename.endswith(rel) for rel in SCRIPTS)]
            return [zf.read(i).decode("utf-8", errors="replace") for i in members]
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return []


def _year(spelling: str) -> int | None:
    if spelling in _DRAFT_YEARS:
        return _DRAFT_YEARS[spelling]
    if not spelling.isdigit():
        return None
    year = int(spelling)
    return year - 100 if year >= 90 else year  # c++98 is older than c++11


def _lang_year(lang: Language) -> int:
    std = str(getattr(lang, "std", ""))
    match = re.search(r"\+\+(\w+)$", std)
    year = _year(match.group(1)) if match else None
    return year or 0
