"""The standard checkers in ``graders/checkers/`` on small cases. They are compiled
as the judge compiles them: as the trusted checker of a plain problem whose
``compare`` names them, and (the float checker taking its epsilon as an
argument) as the shipped source alone."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from judge import shipped
from judge.importers import import_problem
from judge.languages.trusted import TrustedCompiler
from judge.problems.model import TrustedProgram
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import ArchiveLimits

Checkers = dict[str, Path]


def _plain(root: Path, compare: str) -> Path:
    (root / "tests").mkdir(parents=True)
    (root / "problem.toml").write_text(f'compare = "{compare}"\n')
    (root / "tests" / "t.in").write_text("\n")
    (root / "tests" / "t.out").write_text("\n")
    return root


@pytest.fixture(scope="module")
def checkers(tmp_path_factory: pytest.TempPathFactory) -> Checkers:
    """``white-diff`` and ``float:1e-6`` as plain problems get them, and ``float``:
    the float checker built from the shipped source alone (epsilon from argv)."""
    tmp = tmp_path_factory.mktemp("checkers")
    store = ProblemStore(tmp / "problems")
    compiler = TrustedCompiler(tmp / "trusted")
    built: Checkers = {}
    stored: StoredProblem | None = None
    for index, compare in enumerate(("white-diff", "float:1e-6")):
        stored = import_problem(_plain(tmp / f"p{index}", compare), store, ArchiveLimits())
        assert stored.problem.checker is not None
        built[compare] = compiler.compile(stored, stored.problem.checker)
    assert stored is not None
    source = shipped.source("checkers/float_tolerance.cpp")
    alone = StoredProblem(stored.problem, source.parent)
    program = TrustedProgram(source=source.name, headers=["checker_io.h"])
    built["float"] = compiler.compile(alone, program)
    return built


def run(checker: Path, expected: str, output: str, *args: str) -> subprocess.CompletedProcess:
    work = checker.parent
    (work / "input").write_text("\n")
    (work / "correct").write_text(expected)
    (work / "output").write_text(output)
    argv = [str(checker), *(str(work / name) for name in ("input", "correct", "output")), *args]
    return subprocess.run(argv, capture_output=True, text=True, check=False)


def check(checker: Path, expected: str, output: str, *args: str) -> tuple[str, str]:
    """The checker's score and message (first lines of stdout and stderr)."""
    proc = run(checker, expected, output, *args)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()[0], proc.stderr.splitlines()[0]


@pytest.mark.parametrize(
    ("expected", "output", "score"),
    [
        ("1 2\n3\n", "1 2\n3\n", "1"),
        ("1 2\n3\n", "1 2   \n3", "1"),  # trailing spaces, no final newline
        ("1 2\n3\n", "1\t 2\r\n3\r\n", "1"),  # other whitespace, CRLF
        ("1 2\n3\n", "  1 2\n3\n\n\n", "1"),  # leading spaces, blank lines at the end
        ("1 2\n3\n\n", "1 2\n3\n", "1"),  # blank lines at the end of the expected output
        ("1 2\n3\n", "1 2\n\n3\n", "0"),  # a blank line in the middle
        ("1 2\n3\n", "1\n2 3\n", "0"),  # the same tokens on other lines
        ("1 2\n3\n", "1 2\n3 4\n", "0"),  # an extra token
        ("1 2\n3\n", "1 2\n3\n4\n", "0"),  # an extra line
        ("1 2\n3\n", "1 2\n", "0"),  # a missing line
        ("1 2\n3\n", "", "0"),
        ("1.0\n", "1\n", "0"),  # text, not numbers
    ],
)
def test_white_diff(checkers: Checkers, expected: str, output: str, score: str) -> None:
    got, message = check(checkers["white-diff"], expected, output)
    assert got == score
    assert message == ("translate:success" if score == "1" else "translate:wrong")


def test_white_diff_says_where(checkers: Checkers) -> None:
    proc = run(checkers["white-diff"], "a  b\nc\n", "a b\nd e\n")
    assert proc.stderr.splitlines() == ["translate:wrong", "Expected `c`, found `d e` on line 2"]
    assert run(checkers["white-diff"], "a\n", "a\nb\n").stderr.splitlines()[1] == (
        "Contestant output too long"
    )
    usage = run(checkers["white-diff"], "a\n", "a\n", "extra")
    assert usage.returncode == 2 and usage.stdout == ""  # no score: a checker failure


@pytest.mark.parametrize(
    ("expected", "output", "score"),
    [
        ("1.5 2\n", "1.5 2\n", "1"),
        ("1.5 2\n", "1.5   2  \n\n\n", "1"),  # trailing spaces, blank lines
        ("1.5 2\n", "1.5\n2\n", "1"),  # tokens, not lines
        ("1.5 2\n", "1.5000004 2.0\n", "1"),  # within 1e-6 absolute
        ("1.5 2\n", "1.499999 2\n", "1"),
        ("1.5 2\n", "1.50001 2\n", "0"),  # outside
        ("1000000000\n", "1000000500\n", "1"),  # within 1e-6 relative to the expected value
        ("1000000000\n", "1000002000\n", "0"),
        ("-0.0\n", "0\n", "1"),
        ("1e3\n", "1000.0000001\n", "1"),
        ("1.5 2\n", "1.5 2 3\n", "0"),  # an extra token
        ("1.5 2\n", "1.5\n", "0"),  # a missing token
        ("YES 1\n", "YES 1.0000001\n", "1"),
        ("YES 1\n", "yes 1\n", "0"),  # other tokens compare exactly
        ("nan\n", "nan\n", "1"),  # the same text
        ("1\n", "nan\n", "0"),  # not a number
        ("1\n", "inf\n", "0"),
        ("1\n", "0x1\n", "0"),
        ("1\n", "1e99999\n", "0"),  # beyond long double: infinite
    ],
)
def test_float_tolerance(checkers: Checkers, expected: str, output: str, score: str) -> None:
    got, message = check(checkers["float:1e-6"], expected, output)
    assert got == score
    assert message == ("translate:success" if score == "1" else "translate:wrong")


def test_float_epsilon_argument(checkers: Checkers) -> None:
    assert check(checkers["float"], "1.0\n", "1.1\n", "0.2")[0] == "1"
    assert check(checkers["float"], "1.0\n", "1.1\n", "0.01")[0] == "0"
    assert check(checkers["float:1e-6"], "1.0\n", "1.1\n", "0.2")[0] == "1"  # argv wins
    for args in ([], ["-1"], ["x"], ["nan"]):
        proc = run(checkers["float"], "1\n", "1\n", *args)
        assert proc.returncode == 2 and proc.stdout == "", args  # no score: a checker failure
        assert "EPSILON" in proc.stderr
