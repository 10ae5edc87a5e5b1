"""C++20 (IOI 2024 also accepted it)."""

from __future__ import annotations

from judge.languages.cpp import CppLanguage


class Cpp20(CppLanguage):
    name = "cpp20"
    std = "gnu++20"
