"""A tiny plain-format problem shared by the client and rescoring tests: the
sum of two numbers, three subtasks (samples worth 0, small, full), and the
sources those tests submit."""

from __future__ import annotations

from pathlib import Path

from bench.problems import CPP_INT, CPP_OK, PlainProblem, subtask
from judge.importers.plain import PlainSpec

SUM = PlainProblem(
    PlainSpec(id="sum", name="Sum", year=2024, day=1, time_limit=1.0, memory_limit_mb=256,
              subtasks=[subtask("00-samples", 0, "s1"), subtask("01-small", 40, "s1", "a1"),
                        subtask("02-full", 60, "s1", "a1", "b1")]),
    {"s1": ("1 2\n", "3\n"), "a1": ("20 22\n", "42\n"),
     "b1": ("2000000000 2000000000\n", "4000000000\n")},
)

CORRECT = CPP_OK
# int overflow: right on the small subtask, wrong on the full one (40 points).
OVERFLOW = CPP_INT
WRONG = """#include <cstdio>
int main() { long long a, b; std::scanf("%lld %lld", &a, &b); std::printf("%lld\\n", a - b); }
"""
BROKEN = "int main() { this is not C++ }\n"


def write_problem(root: Path) -> Path:
    """The problem as a plain-format folder at ``root``."""
    return SUM.write(root)


def problem_zip() -> bytes:
    """The problem as a zip, for ``POST /v1/problems``."""
    return SUM.archive()
