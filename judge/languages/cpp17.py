"""C++17 as at IOI 2024."""

from __future__ import annotations

from judge.languages.cpp import CppLanguage


class Cpp17(CppLanguage):
    name = "cpp17"
    std = "gnu++17"
