"""The one place languages are registered: add a language by adding its class here."""

from __future__ import annotations

from judge.languages.base import Language
from judge.languages.cpp17 import Cpp17
from judge.languages.cpp20 import Cpp20
from judge.languages.python3 import Python3


class UnknownLanguage(KeyError):
    """No language of that name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown language"


LANGUAGES: dict[str, Language] = {lang.name: lang for lang in (Cpp17(), Cpp20(), Python3())}


def get_language(name: str) -> Language:
    try:
        return LANGUAGES[name]
    except KeyError:
        known = ", ".join(sorted(LANGUAGES))
        raise UnknownLanguage(f"unknown language {name!r}; known languages: {known}") from None
