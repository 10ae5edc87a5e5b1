from pathlib import Path

import pytest

from judge.grading.checking import CheckerFailure, parse_checker_output, tokens_equal


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
