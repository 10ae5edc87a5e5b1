"""The C++ family: g++ with the IOI 2024 compile line, linked statically with
the problem's grader or stub."""

from __future__ import annotations

from typing import ClassVar

from judge.languages.base import Family, Language, SelfTest

GXX = "/usr/bin/g++"

_CPP_SELF_TEST = SelfTest(
    source=(
        "#include <bits/stdc++.h>\n"
        "int main() { long long a, b; std::cin >> a >> b; std::cout << a + b << '\\n'; }\n"
    )
)


class CppLanguage(Language):
    """``g++ -DEVAL -std=<std> -O2 -pipe -static -s -o prog <graders> sol.cpp``."""

    family: ClassVar[Family] = "cpp"
    extensions: ClassVar[tuple[str, ...]] = (".cpp", ".cc", ".cxx")
    self_test: ClassVar[SelfTest] = _CPP_SELF_TEST
    std: ClassVar[str]

    @property
    def flags(self) -> list[str]:
        return ["-DEVAL", f"-std={self.std}", "-O2", "-pipe", "-static", "-s"]

    def pch_flags(self) -> list[str] | None:
        # Everything that affects preprocessing and code generation; -pipe,
        # -static and -s only concern the driver and the linker.
        return ["-DEVAL", f"-std={self.std}", "-O2"]

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
