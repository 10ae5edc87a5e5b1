"""Small plain-format problems (:mod:`judge.importers.plain`) that the benchmarks
and the tests write themselves, and the a+b sources they submit."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from judge.importers.plain import PlainSpec, PlainSubtask, plain_archive

Tests = Mapping[str, tuple[str, str]]
"""Test name -> (input, expected output)."""

PY_OK = "a, b = map(int, input().split())\nprint(a + b)\n"
CPP_OK = """#include <cstdio>
int main() { long long a, b; std::scanf("%lld %lld", &a, &b); std::printf("%lld\\n", a + b); }
"""
# int overflow: right on small inputs, wrong once the sum passes 2^31.
CPP_INT = """#include <cstdio>
int main() { int a, b; std::scanf("%d %d", &a, &b); std::printf("%d\\n", a + b); }
"""


def manifest(spec: PlainSpec) -> str:
    """The ``problem.toml`` text of ``spec``: the fields it was given, then its
    subtasks."""
    fields = spec.model_dump(exclude_unset=True, exclude={"subtasks"})
    lines = [f"{key} = {_toml(value)}" for key, value in fields.items()]
    for subtask in spec.subtasks:
        lines += ["", "[[subtasks]]"]
        lines += [f"{key} = {_toml(value)}" for key, value in subtask.model_dump().items()]
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # scores are floats: 40, not 40.0
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value)  # strings and lists of strings: JSON spells them as TOML does


@dataclass(frozen=True)
class PlainProblem:
    spec: PlainSpec
    tests: Tests

    def manifest(self) -> str:
        return manifest(self.spec)

    def archive(self) -> bytes:
        """The problem as a zip, for ``POST /v1/problems`` or an import."""
        return plain_archive(self.manifest(), self.tests)

    def write(self, root: Path) -> Path:
        """The problem as a plain-format folder at ``root``."""
        (root / "tests").mkdir(parents=True)
        (root / "problem.toml").write_text(self.manifest())
        for name, (given, expected) in self.tests.items():
            (root / "tests" / f"{name}.in").write_text(given)
            (root / "tests" / f"{name}.out").write_text(expected)
        return root


def subtask(name: str, score: float, *tests: str) -> PlainSubtask:
    return PlainSubtask(name=name, score=score, tests=list(tests))


APLUSB_TESTS: Tests = {"t1": ("1 2\n", "3\n"),
                       "t2": ("2000000000 2000000000\n", "4000000000\n")}


def aplusb(problem_id: str = "apb", name: str = "A plus B", time_limit: float = 2.0,
           memory_limit_mb: int = 256, extra: str = "") -> PlainProblem:
    """a+b in two subtasks: ``small`` (t1, 40 points) and ``big`` (t1 and t2, 60;
    t2 overflows a 32-bit int). ``extra`` is appended to every expected output
    (another version of the same problem)."""
    spec = PlainSpec(id=problem_id, name=name, time_limit=time_limit,
                     memory_limit_mb=memory_limit_mb,
                     subtasks=[subtask("small", 40, "t1"), subtask("big", 60, "t1", "t2")])
    tests = {test: (given, expected + extra) for test, (given, expected) in APLUSB_TESTS.items()}
    return PlainProblem(spec, tests)
