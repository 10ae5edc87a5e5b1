"""Data of the rescoring tests: a tiny plain problem, sources, and generations
in the open-r1 schema."""

from __future__ import annotations

import json
from pathlib import Path

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
OVERFLOW = """#include <cstdio>
int main() { int a, b; std::scanf("%d %d", &a, &b); std::printf("%d\\n", a + b); }
"""
WRONG = """#include <cstdio>
int main() { long long a, b; std::scanf("%lld %lld", &a, &b); std::printf("%lld\\n", a - b); }
"""
BROKEN = "int main() { this is not C++ }\n"


def fenced(code: str, comment: str = "") -> str:
    """A model answer: some prose, a draft block, then the final cpp block."""
    return (
        "Let me think.\n```cpp\n// draft\n```\nFinal answer:\n"
        f"```cpp\n{comment}{code}```\nDone."
    )


def write_problem(root: Path) -> Path:
    (root / "tests").mkdir(parents=True)
    (root / "problem.toml").write_text(PROBLEM_TOML)
    for name, (given, expected) in TESTS.items():
        (root / "tests" / f"{name}.in").write_text(given)
        (root / "tests" / f"{name}.out").write_text(expected)
    return root


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def generation_row(ident: str, generation: str, target: str = "02-full") -> dict[str, object]:
    return {
        "year": 2024, "problem_id": "sum", "uuid": ident, "subtask": target,
        "generation": generation, "language": "cpp",
        "metadata": {"usage": {"output_tokens": 100 + len(ident)}},
    }
