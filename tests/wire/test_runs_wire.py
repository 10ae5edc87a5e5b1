"""The run request's own checks (what the API answers 422 for) and the test
set's content address."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from judge.wire import runs
from judge.wire.runs import RunRequest, RunTest, parse_compare


def test_parse_compare() -> None:
    assert parse_compare("lines") == ("lines", 0.0)
    assert parse_compare("float:1e-6") == ("float", 1e-6)
    for bad in ("regex", "float:", "float:x", "float:-1", "float:inf", "float:2", "Tokens"):
        with pytest.raises(ValueError, match="tokens, lines, exact, float:<eps>"):
            parse_compare(bad)


def test_run_request_needs_one_nonempty_source_of_tests() -> None:
    tests = [{"input": "1\n", "output": "1\n"}]
    assert RunRequest(language="py", source="x", tests=tests).tests == [RunTest(**tests[0])]
    for fields in ({}, {"tests": tests, "testset": "a" * 64}, {"tests": []},
                   {"testset": "not-an-id"}, {"tests": tests, "compare": "float:abc"}):
        with pytest.raises(ValidationError):
            RunRequest(language="py", source="x", **fields)


def test_testset_id_is_the_content() -> None:
    one = [RunTest(input="1 2\n", output="3\n")]
    assert runs.testset_id(one) == runs.testset_id([RunTest(input="1 2\n", output="3\n")])
    assert runs.testset_id(one) != runs.testset_id([RunTest(input="1 2", output="3\n")])
    # input/output boundaries count: ("ab", "") is not ("a", "b")
    split = [RunTest(input="a", output="b")]
    assert runs.testset_id([RunTest(input="ab")]) != runs.testset_id(split)
    assert len(runs.testset_id(one)) == 64
