"""What a Piston job is judged as: a one-test problem (its files written from
the request), the submission's language and source."""

from __future__ import annotations

from dataclasses import dataclass

from judge.grading.piston.files import JobFiles, PistonRequestError
from judge.problems.model import Subtask, TestCase
from judge.wire.piston import PistonExecuteRequest

TEST = "test"
INPUT = "input.txt"
EXPECTED = "correct_output.txt"
MiB = 1 << 20
DEFAULT_MEMORY = 1024 * MiB
# Open R1 sends run_timeout = (time limit + 3 s) in milliseconds.
OPEN_R1_SLACK_SECONDS = 3.0


@dataclass(frozen=True)
class JobPlan:
    """The problem fields of the job (a ``Problem`` without id and tests), the
    files of its directory, and the submission."""

    fields: dict[str, object]
    files: JobFiles
    language: str
    source: str


def one_test(files: JobFiles, expected: bool) -> dict[str, object]:
    """The ``tests``/``subtasks`` fields of a one-test, one-point problem."""
    if not files.has(INPUT):
        raise PistonRequestError(f"missing {INPUT} (the test's input)")
    output = EXPECTED if expected and files.has(EXPECTED) else None
    return {
        "tests": [TestCase(name=TEST, input=INPUT, output=output)],
        "subtasks": [Subtask(name="all", index=0, max_score=1.0, tests=[TEST])],
    }


def memory_bytes(value: float) -> int:
    """A memory limit as bytes: values below 1 MiB are MiB (CMS's unit), others bytes."""
    if value <= 0:
        raise PistonRequestError(f"memory limit {value} must be positive")
    return int(value * MiB) if value < MiB else int(value)


def request_time_limit(request: PistonExecuteRequest) -> float | None:
    """The time limit a run_timeout implies, or None: Open R1 sends the task's
    limit plus 3 s, so 3 s are taken off a run_timeout longer than that (a
    shorter one is taken as it is)."""
    if request.run_timeout is None or request.run_timeout <= 0:
        return None
    seconds = request.run_timeout / 1000.0
    return seconds - OPEN_R1_SLACK_SECONDS if seconds > OPEN_R1_SLACK_SECONDS else seconds


def request_memory(request: PistonExecuteRequest) -> int | None:
    limit = request.run_memory_limit
    return limit if limit is not None and limit > 0 else None
