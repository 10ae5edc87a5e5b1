"""The C++ family: g++ with the IOI 2024 compile line, linked statically with
the problem's grader or stub."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import ClassVar

from judge.languages.base import Family, Language, SelfTest

GXX = "/usr/bin/g++"
STDCPP_HEADER = "bits/stdc++.h"
# Checkers and managers: as CMS compiles them, whatever the submission's standard.
TRUSTED_FLAGS = ("-O2", "-std=gnu++17", "-pipe")
# Included by managers and checkers, never by a solution.
_TESTLIB = "testlib.h"
_VERSIONS = (11, 14, 17, 20, 23)

_CPP_SELF_TEST = SelfTest(
    source=(
        f"#include <{STDCPP_HEADER}>\n"
        "int main() { long long a, b; std::cin >> a >> b; std::cout << a + b << '\\n'; }\n"
    )
)


class CppLanguage(Language):
    """``g++ -DEVAL -std=<std> -O2 -pipe -static -s -o prog <graders> sol.cpp``."""

    family: ClassVar[Family] = "cpp"
    family_aliases: ClassVar[frozenset[str]] = frozenset(
        {"cpp", "c++", "cc", "cxx", *(f"{base}{v}" for base in ("cpp", "c++") for v in _VERSIONS)}
    )
    extensions: ClassVar[tuple[str, ...]] = (".cpp", ".cc", ".cxx")
    header_extensions: ClassVar[tuple[str, ...]] = (".h",)
    compiler: ClassVar[str] = GXX
    self_test: ClassVar[SelfTest] = _CPP_SELF_TEST
    std: ClassVar[str]

    @property
    def flags(self) -> list[str]:
        return ["-DEVAL", f"-std={self.std}", "-O2", "-pipe", "-static", "-s"]

    def pch_flags(self) -> list[str] | None:
        # Everything that affects preprocessing and code generation; -pipe,
        # -static and -s only concern the driver and the linker.
        return ["-DEVAL", f"-std={self.std}", "-O2"]

    def trusted_argv(self, source: str, output: str, include_dirs: Sequence[str]) -> list[str]:
        includes = [f"-I{d}" for d in include_dirs]
        return [GXX, *TRUSTED_FLAGS, *includes, "-o", output, source]

    def add_includes(self, code: str, headers: Sequence[str]) -> str:
        """``<bits/stdc++.h>``, the task's headers and ``using namespace std``
        unless present."""
        prelude = f"#include <{STDCPP_HEADER}>\n"
        for rel in headers:
            name = PurePosixPath(rel).name
            if self.is_header(name) and name != _TESTLIB and f'#include "{name}"' not in code:
                prelude += f'#include "{name}"\n'
        if "using namespace std;" not in code and "std::" not in code:
            prelude += "\nusing namespace std;\n\n"
        return prelude + code

    def toolchain_argv(self) -> list[str]:
        return [GXX, "--version"]

    def compile_argv(self, sources: list[str], pch_dir: str | None = None) -> list[str]:
        pch = ["-I" + pch_dir] if pch_dir else []
        return [GXX, *pch, *self.flags, "-o", self.binary_name, *sources]

    def object_argv(self, source: str, output: str, pch_dir: str | None = None) -> list[str] | None:
        pch = ["-I" + pch_dir] if pch_dir else []
        return [GXX, *pch, *self.flags, "-c", source, "-o", output]

    def artifacts(self, sources: list[str], files: list[str]) -> list[str]:
        return [self.binary_name]

    def run_argv(self, sources: list[str]) -> list[str]:
        return [self.binary_name]
