from pathlib import Path

import pytest

from judge.grading.checking import (
    CheckerFailure,
    outputs_match,
    parse_checker_output,
    tokens_equal,
)


def test_tokens_equal_ignores_whitespace_layout(tmp_path: Path) -> None:
    exp, got = tmp_path / "exp", tmp_path / "got"
    exp.write_text("1 2\n3\n")
    got.write_text("  1\t2 3\n\n\n")
    assert tokens_equal(exp, got)
    got.write_text("1 2 4\n")
    assert not tokens_equal(exp, got)
    got.write_text("1 23\n")
    assert not tokens_equal(exp, got)
    assert not tokens_equal(exp, tmp_path / "missing")


@pytest.mark.parametrize(
    ("stdout", "stderr", "score", "message"),
    [
        ("1\n", "translate:success\n", 1.0, "Output is correct"),
        ("0.25\n", "translate:partial\n", 0.25, "Output is partially correct"),
        ("0\n", "translate:wrong\nextra", 0.0, "Output isn't correct"),
        ("1.0000\n", "Output is correct\n", 1.0, "Output is correct"),
        ("0.5", "", 0.5, ""),
    ],
)
def test_parse_checker_output(stdout: str, stderr: str, score: float, message: str) -> None:
    assert parse_checker_output(stdout, stderr) == (score, message)


@pytest.mark.parametrize(
    ("stdout", "stderr"),
    [
        ("", "translate:success"),
        ("abc\n", ""),
        ("1.5\n", ""),
        ("-0.1\n", ""),
        ("nan\n", ""),
        ("0\n", "Judge Failure; Contact staff!bad test"),
    ],
)
def test_garbage_checker_output_is_a_judge_failure(stdout: str, stderr: str) -> None:
    with pytest.raises(CheckerFailure):
        parse_checker_output(stdout, stderr)


@pytest.mark.parametrize(
    ("mode", "eps", "expected", "actual", "same"),
    [
        ("tokens", 0.0, b"1 2\n3\n", b" 1\t2 3\n\n", True),
        ("tokens", 0.0, b"1 2\n", b"1 2 3\n", False),
        ("lines", 0.0, b"a b\nc\n", b"a b  \nc\n\n\n", True),
        ("lines", 0.0, b"a b\nc\n", b"a  b\nc\n", False),
        ("lines", 0.0, b"a\nb\n", b"a b\n", False),
        ("exact", 0.0, b"a\n", b"a\n", True),
        ("exact", 0.0, b"a\n", b"a", False),
        ("float", 1e-6, b"0.333333 x\n", b"0.3333333333 x\n", True),
        ("float", 1e-6, b"1000000\n", b"1000000.5\n", True),  # relative
        ("float", 1e-9, b"0.333333\n", b"0.3333333333\n", False),
        ("float", 1e-6, b"1 2\n", b"1\n", False),
        ("float", 1e-6, b"nan\n", b"nan\n", True),  # the same token
        ("float", 1e-6, b"1\n", b"inf\n", False),
        ("float", 1e-6, b"yes\n", b"no\n", False),
    ],
)
def test_outputs_match(mode: str, eps: float, expected: bytes, actual: bytes,
                       same: bool) -> None:
    assert outputs_match(mode, eps, expected, actual) is same
