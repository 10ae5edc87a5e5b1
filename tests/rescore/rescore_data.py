"""Data of the rescoring tests: generations in the open-r1 schema over the
shared tiny problem (``sum_problem``)."""

from __future__ import annotations

import json
from pathlib import Path

from sum_problem import BROKEN, CORRECT, OVERFLOW, WRONG, write_problem

__all__ = ["BROKEN", "CORRECT", "OVERFLOW", "WRONG", "fenced", "generation_row",
           "write_jsonl", "write_problem"]

def fenced(code: str, comment: str = "") -> str:
    """A model answer: some prose, a draft block, then the final cpp block."""
    return (
        "Let me think.\n```cpp\n// draft\n```\nFinal answer:\n"
        f"```cpp\n{comment}{code}```\nDone."
    )


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def generation_row(ident: str, generation: str, target: str = "02-full") -> dict[str, object]:
    return {
        "year": 2024, "problem_id": "sum", "uuid": ident, "subtask": target,
        "generation": generation, "language": "cpp",
        "metadata": {"usage": {"output_tokens": 100 + len(ident)}},
    }
