"""The reward's pure parts: completion text from strings or chats, and the
targeted subtask's score fraction from a judge result."""

from __future__ import annotations

from judge.client.reward import completion_text, subtask_fraction
from judge.wire.results import (
    CompileInfo,
    CompileStatus,
    SubmissionResult,
    SubtaskResult,
    Verdict,
)


def test_completion_text_from_strings_and_chats() -> None:
    assert completion_text("plain") == "plain"
    chat = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a1"},
            {"role": "assistant", "content": [{"type": "text", "text": "a"},
                                               {"type": "text", "text": "2"}]}]
    assert completion_text(chat) == "a2"
    assert completion_text({"role": "assistant", "content": "x"}) == "x"
    assert completion_text([{"role": "user", "content": "only a question"}]) == ""
    assert completion_text(None) == ""


def _result(status: CompileStatus = CompileStatus.OK) -> SubmissionResult:
    subs = [
        SubtaskResult(name="00-samples", index=0, max_score=0, score=0, status=Verdict.AC,
                      tests=["s"]),
        SubtaskResult(name="01-small", index=1, max_score=40, score=10, status=Verdict.PA,
                      tests=["s", "a"]),
        SubtaskResult(name="02-full", index=2, max_score=60, score=0, status=Verdict.WA,
                      tests=["s", "a", "b"]),
    ]
    return SubmissionResult(problem="p", problem_version="v", language="cpp17",
                            compile=CompileInfo(status=status), score=10, max_score=100,
                            subtasks=subs, tests=[])


def test_subtask_fraction() -> None:
    r = _result()
    assert subtask_fraction(r, "01-small") == 0.25
    assert subtask_fraction(r, "1") == 0.25  # by index
    assert subtask_fraction(r, "00-samples") == 1.0  # zero points: AC counts 1
    assert subtask_fraction(r, "02-full") == 0.0
    assert subtask_fraction(r, None) == 0.1
    assert subtask_fraction(r, "nope") == 0.0
    assert subtask_fraction(_result(CompileStatus.CE), "01-small") == 0.0

