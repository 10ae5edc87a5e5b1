"""The one place languages are registered (add a language by adding its class
here), and the one lookup that answers which language or family a name, an
alias or a file name means, for importers, rescoring, the reward function and
extraction alike."""

from __future__ import annotations

from pathlib import PurePosixPath

from judge.languages.base import Family, Language
from judge.languages.cpp17 import Cpp17
from judge.languages.cpp20 import Cpp20
from judge.languages.python3 import Python3

# Registration order matters: the first language of a family is the family's
# default, and the first with an extension is the language of such files.
LANGUAGES: dict[str, Language] = {lang.name: lang for lang in (Cpp17(), Cpp20(), Python3())}
# The language of code that does not say: a dataset row without a language.
DEFAULT_LANGUAGE = "cpp17"


class UnknownLanguage(KeyError, ValueError):
    """No language of that name. A KeyError for lookups by name, a ValueError
    for spellings read from data."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown language"


def get_language(name: str) -> Language:
    """The language registered under exactly ``name``."""
    try:
        return LANGUAGES[name]
    except KeyError:
        raise _unknown(name) from None


def find_language(spelling: str, prefer: str | None = None) -> Language:
    """The language a name or alias means, case and surrounding blanks aside:
    a name (``cpp20``), a language's alias (``C++17``), or a family's alias
    (``cpp``, ``py``), which means the language ``prefer`` if it is of that
    family, else the family's default."""
    key = spelling.strip().lower()
    if key in LANGUAGES:
        return LANGUAGES[key]
    for lang in LANGUAGES.values():
        if key in lang.aliases:
            return lang
    candidates = list(LANGUAGES.values())
    if prefer in LANGUAGES:
        candidates.insert(0, LANGUAGES[prefer])
    for lang in candidates:
        if key == lang.family or key in lang.family_aliases:
            return lang
    raise _unknown(spelling)


def family_of(spelling: str) -> Family:
    """The family a language name, alias or family name means (``C++`` -> ``cpp``)."""
    return find_language(spelling).family


def family_spellings(family: Family) -> frozenset[str]:
    """Every lower-case spelling that means a language of ``family``."""
    found: set[str] = {family}
    for lang in LANGUAGES.values():
        if lang.family == family:
            found.update({lang.name, *lang.aliases, *lang.family_aliases})
    return frozenset(found)


def family_languages() -> list[Language]:
    """The default language of each family, in registration order."""
    seen: dict[Family, Language] = {}
    for lang in LANGUAGES.values():
        seen.setdefault(lang.family, lang)
    return list(seen.values())


def language_for_file(name: str) -> Language | None:
    """The language of a source file by its extension (``sol.cc`` -> cpp17), or None."""
    suffix = PurePosixPath(name).suffix
    for lang in LANGUAGES.values():
        if suffix in lang.extensions:
            return lang
    return None


def trusted_language() -> Language:
    """The language the problem's own programs (checker, manager) are written
    in by the CMS convention (``checker/checker.cpp``)."""
    for lang in LANGUAGES.values():
        if lang.compiles_trusted:
            return lang
    raise _unknown("(a language for trusted programs)")


def _unknown(spelling: str) -> UnknownLanguage:
    known = ", ".join(sorted(LANGUAGES))
    return UnknownLanguage(f"unknown language {spelling!r}; known languages: {known}")
