"""Problems answered by output files, built straight into a store (no importer):
a BatchAndOutput a+b whose checker echoes the mode CMS passes it, and an
OutputOnly a+b judged by token comparison. Shared by the grading, API and CLI tests."""

from __future__ import annotations

from pathlib import Path

from judge.problems.model import (
    BatchParams,
    Problem,
    Subtask,
    TaskType,
    TestCase,
    TrustedProgram,
)
from judge.problems.store import ProblemStore, StoredProblem

# test -> (input, expected output); "oo" is the output-only test of BatchAndOutput.
TESTS = {"b1": ("1 2\n", "3\n"), "b2": ("20 22\n", "42\n"), "oo": ("5 6\n", "11\n")}
SUBTASKS = [("first", 30, ["b1"]), ("both", 30, ["b1", "b2"]), ("file", 40, ["oo"])]
RIGHT = {"b1": "3\n", "b2": "42\n", "oo": "11\n"}

PY_SUM = "a, b = map(int, input().split())\nprint(a + b)\n"
PY_DIFF = "a, b = map(int, input().split())\nprint(a - b)\n"
PY_BROKEN = "def (:\n"

# CMS convention: argv = input correct output [outputonly|batch]; the score on
# stdout, the message on stderr. The message names the mode it was given.
CHECKER = r"""#include <cstdio>
int main(int argc, char** argv) {
  FILE* c = std::fopen(argv[2], "r");
  FILE* o = std::fopen(argv[3], "r");
  long long want = 0, got = 0;
  bool ok = c && o && std::fscanf(c, "%lld", &want) == 1 && std::fscanf(o, "%lld", &got) == 1
            && want == got;
  std::printf("%d\n", ok ? 1 : 0);
  std::fprintf(stderr, "%s %s\n", ok ? "right" : "wrong", argc > 4 ? argv[4] : "no-mode");
  return 0;
}
"""


def files(answers: dict[str, str]) -> dict[str, str]:
    """Output files by CMS name (``output_<test>.txt``)."""
    return {f"output_{test}.txt": text for test, text in answers.items()}


def _write(staged: Path) -> list[TestCase]:
    (staged / "tests").mkdir()
    cases = []
    for name, (given, expected) in TESTS.items():
        (staged / "tests" / f"{name}.in").write_text(given)
        (staged / "tests" / f"{name}.out").write_text(expected)
        cases.append(TestCase(name=name, input=f"tests/{name}.in", output=f"tests/{name}.out"))
    return cases


def _subtasks() -> list[Subtask]:
    return [Subtask(name=n, index=i, max_score=s, tests=t) for i, (n, s, t) in enumerate(SUBTASKS)]


def batch_and_output(store: ProblemStore, problem_id: str = "bao") -> StoredProblem:
    with store.staging() as staged:
        tests = _write(staged)
        (staged / "checker").mkdir()
        (staged / "checker" / "checker.cpp").write_text(CHECKER)
        problem = Problem(
            id=problem_id, name="Batch and output", task_type=TaskType.BATCH_AND_OUTPUT,
            time_limit=2, memory_limit=256 << 20,
            batch=BatchParams(evaluation="checker", output_only_tests=["oo"]),
            checker=TrustedProgram(source="checker/checker.cpp"),
            tests=tests, subtasks=_subtasks(),
        )
        return store.add(staged, problem)


def output_only(store: ProblemStore, problem_id: str = "oonly") -> StoredProblem:
    with store.staging() as staged:
        problem = Problem(
            id=problem_id, name="Output only", task_type=TaskType.OUTPUT_ONLY,
            time_limit=1, memory_limit=256 << 20, tests=_write(staged), subtasks=_subtasks(),
        )
        return store.add(staged, problem)
