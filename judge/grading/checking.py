"""Output evaluation: whitespace-token comparison and the CMS checker/manager
output convention (first line of stdout: a score in [0, 1]; first line of
stderr: the message, possibly a ``translate:`` key)."""

from __future__ import annotations

import math
from pathlib import Path

TRANSLATIONS = {
    "translate:success": "Output is correct",
    "translate:partial": "Output is partially correct",
    "translate:wrong": "Output isn't correct",
}

# testlib's _fail result: the checker itself found the test data inconsistent.
JUDGE_FAILURE_MARKERS = ("Judge Failure", "translate:fail")


class CheckerFailure(Exception):
    """The checker or manager misbehaved: a judge error (SE), never a contestant's zero."""


def tokens_equal(expected: Path, actual: Path) -> bool:
    """True when both files hold the same whitespace-separated tokens."""
    try:
        got = actual.read_bytes()
    except FileNotFoundError:
        return False
    return expected.read_bytes().split() == got.split()


def outputs_match(mode: str, eps: float, expected: bytes, actual: bytes) -> bool:
    """Whether ``actual`` matches ``expected`` under a run's comparison mode
    (see :func:`judge.wire.runs.parse_compare`): ``tokens`` the same
    whitespace-separated tokens; ``lines`` the same lines, trailing spaces and
    trailing empty lines aside; ``exact`` the same bytes; ``float`` tokens
    equal, or both numbers within ``eps`` absolute or relative."""
    if mode == "tokens":
        return expected.split() == actual.split()
    if mode == "lines":
        return _lines(expected) == _lines(actual)
    if mode == "exact":
        return expected == actual
    want, got = expected.split(), actual.split()
    return len(want) == len(got) and all(_close(a, b, eps) for a, b in zip(want, got, strict=True))


def _lines(data: bytes) -> list[bytes]:
    lines = [line.rstrip() for line in data.split(b"\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _close(expected: bytes, actual: bytes, eps: float) -> bool:
    if expected == actual:
        return True
    try:
        want, got = float(expected), float(actual)
    except ValueError:
        return False
    if not (math.isfinite(want) and math.isfinite(got)):
        return False
    return abs(want - got) <= eps * max(1.0, abs(want))


def translate(message: str) -> str:
    return TRANSLATIONS.get(message.strip(), message.strip())


def parse_checker_output(stdout: str, stderr: str) -> tuple[float, str]:
    """Score and message from a checker's (or manager's) output.

    Raises :class:`CheckerFailure` when the score is missing, not a number,
    outside [0, 1], or when the checker reports its own failure."""
    first_err = stderr.splitlines()[0] if stderr.strip() else ""
    if any(first_err.startswith(marker) for marker in JUDGE_FAILURE_MARKERS):
        raise CheckerFailure(f"checker reported a failure: {first_err[:200]}")
    lines = stdout.splitlines()
    if not lines or not lines[0].strip():
        raise CheckerFailure("checker printed no score")
    try:
        score = float(lines[0].strip())
    except ValueError:
        raise CheckerFailure(f"checker printed a non-numeric score: {lines[0][:80]!r}") from None
    if not math.isfinite(score) or not 0.0 <= score <= 1.0:
        raise CheckerFailure(f"checker score {score} is outside [0, 1]")
    return score, translate(first_err)
