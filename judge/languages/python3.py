"""CPython 3 from the system (/usr/bin/python3).

"Compiling" byte-compiles every source, so a syntax error is a compilation
error and not a runtime error. With a Python grader, the grader is the entry
point and imports the submission as the module ``sol``."""

from __future__ import annotations

from typing import ClassVar

from judge.languages.base import Family, Language, SelfTest

PYTHON = "/usr/bin/python3"


class Python3(Language):
    name = "python3"
    family: ClassVar[Family] = "python"
    aliases: ClassVar[frozenset[str]] = frozenset({"py3"})
    family_aliases: ClassVar[frozenset[str]] = frozenset({"python", "py"})
    compiler: ClassVar[str] = PYTHON
    extensions: ClassVar[tuple[str, ...]] = (".py",)
    native: ClassVar[bool] = False
    self_test: ClassVar[SelfTest] = SelfTest(
        source="a, b = map(int, input().split())\nprint(a + b)\n"
    )

    def toolchain_argv(self) -> list[str]:
        return [PYTHON, "-VV"]

    def compile_argv(self, sources: list[str], pch_dir: str | None = None) -> list[str]:
        return [PYTHON, "-m", "py_compile", *sources]

    def artifacts(self, sources: list[str], files: list[str]) -> list[str]:
        # Everything: a grader may import helper modules shipped as "headers".
        return sorted(files)

    def run_argv(self, sources: list[str]) -> list[str]:
        # -B: no __pycache__ writes; -s: no user site-packages; -E: no PYTHON* env.
        return [PYTHON, "-B", "-s", "-E", sources[0]]
