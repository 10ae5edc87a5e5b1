"""Reading dataset rows into run tests (:mod:`judge.client.rows`): each format,
its JSON-string form, and every refusal with its reason."""

from __future__ import annotations

import json
from typing import Any

import pytest

from judge.client.rows import UnsupportedRow, parse_row
from judge.wire.runs import RunTest

CASES = [{"input": "1 2\n", "output": "3\n"}, {"input": "2 2\n", "output": "4\n"}]
TESTS = [RunTest(**c) for c in CASES]


def test_openr1_verification_info() -> None:
    info = {"language": "python", "test_cases": [{**c, "type": "stdin_stdout"} for c in CASES]}
    for value in (info, json.dumps(info)):
        row = parse_row({"verification_info": value, "problem_id": "x"})
        assert row.tests == TESTS and row.compare == "lines" and row.language == "python"
    with pytest.raises(UnsupportedRow, match="only stdin_stdout"):
        parse_row({"verification_info": {"test_cases": [{**CASES[0], "type": "function_call"}]}})


def test_codeforces_rows() -> None:
    row = parse_row({"official_tests": CASES[:1], "generated_tests": CASES[1:],
                     "time_limit": 1.5, "memory_limit": 64, "generated_checker": "print(1)",
                     "input_mode": "stdio"})
    assert row.tests == TESTS and row.time_limit == 1.5 and row.memory_limit == 64
    assert row.checker is not None and row.checker.protocol == "cms"
    assert row.checker.language == "python3"
    plain = parse_row({"official_tests": CASES, "generated_checker": None})
    assert plain.checker is None and plain.compare == "tokens" and plain.time_limit == 2.0
    with pytest.raises(UnsupportedRow, match="interactive"):
        parse_row({"official_tests": CASES, "interaction_format": "Interact with..."})
    with pytest.raises(UnsupportedRow, match="no tests"):
        parse_row({"official_tests": []})


@pytest.mark.parametrize("tests", [
    CASES, json.dumps(CASES),
    {"inputs": ["1 2\n", "2 2\n"], "outputs": ["3\n", "4\n"]},
    json.dumps({"inputs": [["1 2"], ["2 2"]], "outputs": [["3"], ["4"]]}),  # lines as lists
])
def test_rllm_rows(tests: Any) -> None:
    assert parse_row({"tests": tests}).tests == TESTS


@pytest.mark.parametrize(("row", "reason"), [
    ({"tests": {"fn_name": "add", "inputs": [[1, 2]], "outputs": [3]}}, "function-call"),
    ({"tests": [{"input": "1", "output": "1", "testtype": "functional"}]}, "function-call"),
    ({"tests": {"inputs": ["1"], "outputs": []}}, "one length"),
    ({"tests": [{"input": 1, "output": "1"}]}, "must be text"),
    ({"tests": ["1 2"]}, "not an object"),
    ({"tests": "{not json"}, "not JSON"),
    ({"prompt": "hello"}, "verification_info .Open R1., official_tests"),
])
def test_refused_rows(row: dict[str, Any], reason: str) -> None:
    with pytest.raises(UnsupportedRow, match=reason):
        parse_row(row)
