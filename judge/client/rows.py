"""Dataset rows RL stacks train on, read into what a run needs (tests, limits,
comparison, checker). Three formats, told apart by their columns:

- Open R1 ``verification_info`` (``open-r1/verifiable-coding-problems-python``
  and its kin): ``{"language": ..., "test_cases": [{"input", "output", "type":
  "stdin_stdout"}]}``, possibly as a JSON string; compared line by line, as
  Open R1's ``code_reward`` compares (trailing spaces aside).
- open-r1/codeforces: ``official_tests`` (plus ``generated_tests`` if present),
  ``time_limit`` (seconds), ``memory_limit`` (MB), ``generated_checker`` (a
  Python checker called ``checker input answer output`` that prints 1 or 0);
  ``input_mode`` must be ``stdio`` and the problem not interactive.
- DeepCoder/rllm: ``tests`` as a list of ``{"input", "output"}`` or as
  ``{"inputs": [...], "outputs": [...]}``, possibly as a JSON string. Function-call
  tests (``fn_name``, ``testtype: functional``) are refused with
  :class:`UnsupportedRow`: they call a function, not a program on stdin.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from judge.wire.runs import CheckerSpec, RunTest

DEFAULT_TIME_LIMIT = 2.0  # seconds, for rows that give none
DEFAULT_MEMORY_LIMIT = 256  # MiB


class UnsupportedRow(ValueError):
    """A row this judge cannot run as stdin/stdout tests, with the reason."""


@dataclass(frozen=True)
class RowTests:
    """What judging one row's completions takes."""

    tests: list[RunTest]
    time_limit: float = DEFAULT_TIME_LIMIT
    memory_limit: int = DEFAULT_MEMORY_LIMIT
    compare: str = "tokens"
    checker: CheckerSpec | None = None
    language: str | None = None  # the row's own language, if it names one


def parse_row(row: Mapping[str, Any]) -> RowTests:
    """The tests of a row of any of the three formats (UnsupportedRow otherwise)."""
    if row.get("verification_info") is not None:
        return openr1_row(_json(row["verification_info"], "verification_info"))
    if row.get("official_tests") is not None:
        return codeforces_row(row)
    if row.get("tests") is not None:
        return rllm_row(_json(row["tests"], "tests"))
    raise UnsupportedRow("a row needs one of the columns verification_info (Open R1), "
                         "official_tests (open-r1/codeforces) or tests (DeepCoder/rllm); "
                         f"it has: {', '.join(sorted(row)) or 'none'}")


def openr1_row(info: Any) -> RowTests:
    if not isinstance(info, Mapping) or not isinstance(info.get("test_cases"), list):
        raise UnsupportedRow("verification_info needs a test_cases list")
    tests = []
    for index, case in enumerate(info["test_cases"]):
        kind = case.get("type", "stdin_stdout") if isinstance(case, Mapping) else None
        if kind != "stdin_stdout":
            raise UnsupportedRow(f"test_cases[{index}] is of type {kind!r}; only "
                                 "stdin_stdout tests can be run")
        tests.append(_case(case, f"test_cases[{index}]"))
    language = info.get("language")
    return RowTests(tests=_nonempty(tests), compare="lines",
                    language=str(language) if language else None)


def codeforces_row(row: Mapping[str, Any]) -> RowTests:
    if row.get("input_mode", "stdio") != "stdio":
        raise UnsupportedRow(f"input_mode {row.get('input_mode')!r}: only stdio problems "
                             "can be run (file input is not supported)")
    if row.get("interaction_format"):
        raise UnsupportedRow("interactive CodeForces problems are not supported")
    cases = list(row["official_tests"]) + list(row.get("generated_tests") or [])
    tests = [_case(c, f"official_tests[{i}]") for i, c in enumerate(cases)]
    checker = row.get("generated_checker")
    return RowTests(
        tests=_nonempty(tests),
        time_limit=float(row.get("time_limit") or DEFAULT_TIME_LIMIT),
        memory_limit=int(row.get("memory_limit") or DEFAULT_MEMORY_LIMIT),
        checker=CheckerSpec(source=checker, language="python3", protocol="cms")
        if checker else None,
    )


def rllm_row(tests: Any) -> RowTests:
    if isinstance(tests, Mapping):
        if tests.get("fn_name"):
            raise UnsupportedRow(f"function-call tests (fn_name {tests['fn_name']!r}) are "
                                 "not supported: only stdin/stdout tests can be run")
        inputs, outputs = tests.get("inputs"), tests.get("outputs")
        if not isinstance(inputs, list) or not isinstance(outputs, list) or len(
                inputs) != len(outputs):
            raise UnsupportedRow("tests as a mapping needs inputs and outputs lists of "
                                 "one length")
        pairs = list(zip(inputs, outputs, strict=True))
    elif isinstance(tests, list):
        pairs = []
        for index, case in enumerate(tests):
            if not isinstance(case, Mapping):
                raise UnsupportedRow(f"tests[{index}] is not an object")
            if case.get("testtype", "stdin") == "functional" or case.get("fn_name"):
                raise UnsupportedRow(f"tests[{index}] is a function-call test "
                                     "(testtype functional): not supported, only "
                                     "stdin/stdout tests can be run")
            pairs.append((case.get("input"), case.get("output")))
    else:
        raise UnsupportedRow("tests must be a list of {input, output} or {inputs, outputs}")
    return RowTests(tests=_nonempty([_test(i, o, f"tests[{n}]")
                                     for n, (i, o) in enumerate(pairs)]))


def _case(case: Any, where: str) -> RunTest:
    if not isinstance(case, Mapping):
        raise UnsupportedRow(f"{where} is not an object with input and output")
    return _test(case.get("input"), case.get("output"), where)


def _test(given: Any, expected: Any, where: str) -> RunTest:
    return RunTest(input=_text(given, where), output=_text(expected, where))


def _text(value: Any, where: str) -> str:
    """A test's text: a string, or lines as a list (some datasets split them)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return "\n".join(value) + ("\n" if value else "")
    raise UnsupportedRow(f"{where}: input and output must be text, not {type(value).__name__}")


def _nonempty(tests: list[RunTest]) -> list[RunTest]:
    if not tests:
        raise UnsupportedRow("the row has no tests")
    return tests


def _json(value: Any, column: str) -> Any:
    if not isinstance(value, str | bytes):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise UnsupportedRow(f"column {column} is a string but not JSON: {exc}") from None
