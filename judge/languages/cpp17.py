"""C++17 as at IOI 2024."""

from __future__ import annotations

from typing import ClassVar

from judge.languages.cpp import CppLanguage


class Cpp17(CppLanguage):
    name = "cpp17"
    aliases: ClassVar[frozenset[str]] = frozenset({"c++17"})
    std = "gnu++17"
