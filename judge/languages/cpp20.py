"""C++20 (IOI 2024 also accepted it)."""

from __future__ import annotations

from typing import ClassVar

from judge.languages.cpp import CppLanguage


class Cpp20(CppLanguage):
    name = "cpp20"
    aliases: ClassVar[frozenset[str]] = frozenset({"c++20"})
    std = "gnu++20"
