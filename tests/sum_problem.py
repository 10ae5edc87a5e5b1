"""A tiny plain-format problem shared by the client and rescoring tests: the
sum of two numbers, three subtasks (samples worth 0, small, full), and the
sources those tests submit."""

from __future__ import annotations

from pathlib import Path

from judge.importers.plain import plain_archive

PROBLEM_TOML = """
id = "sum"
name = "Sum"
year = 2024
day = 1
time_limit = 1.0
memory_limit_mb = 256

[[subtasks]]
name = "00-samples"
score = 0
tests = ["s1"]

[[subtasks]]
name = "01-small"
score = 40
tests = ["s1", "a1"]

[[subtasks]]
name = "02-full"
score = 60
tests = ["s1", "a1", "b1"]
"""

TESTS = {
    "s1": ("1 2\n", "3\n"),
    "a1": ("20 22\n", "42\n"),
    "b1": ("2000000000 2000000000\n", "4000000000\n"),
}

CORRECT = """#include <cstdio>
int main() { long long a, b; std::scanf("%lld %lld", &a, &b); std::printf("%lld\\n", a + b); }
"""
# int overflow: right on the small subtask, wrong on the full one (40 points).
OVERFLOW = """#include <cstdio>
int main() { int a, b; std::scanf("%d %d", &a, &b); std::printf("%d\\n", a + b); }
"""
WRONG = """#include <cstdio>
int main() { long long a, b; std::scanf("%lld %lld", &a, &b); std::printf("%lld\\n", a - b); }
"""
BROKEN = "int main() { this is not C++ }\n"


def write_problem(root: Path) -> Path:
    """The problem as a plain-format folder at ``root``."""
    (root / "tests").mkdir(parents=True)
    (root / "problem.toml").write_text(PROBLEM_TOML)
    for name, (given, expected) in TESTS.items():
        (root / "tests" / f"{name}.in").write_text(given)
        (root / "tests" / f"{name}.out").write_text(expected)
    return root


def problem_zip() -> bytes:
    """The problem as a zip, for ``POST /v1/problems``."""
    return plain_archive(PROBLEM_TOML, TESTS)
