"""The contest day of each problem, read from the result rows, and which
problems are practice tasks.

open-r1's IOI datasets (``open-r1/ioi``, ``open-r1/ioi-cots``, the model
solutions) carry a string ``day`` column per row (``day1``, ``day2``); a practice
task is marked ``practice`` there, and ``day0`` or ``0`` (an integer day 0, as
``problems import --day 0`` stores it) mean the same. Rows of one problem may
disagree or leave the day out (only some were filled from the store), so a
problem's day is the most common one among all its rows, of every results file
in the report.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from judge.rescore.models import RescoreRow

PRACTICE = "practice"
PRACTICE_MARKS = frozenset({"practice", "day0", "day 0", "0"})

ProblemKey = tuple[int | None, str]


def problem_label(row: RescoreRow) -> str:
    """The problem a row counts for: the stored problem, else the input's id."""
    return row.problem or row.problem_id


def normalise_day(day: str | None) -> str | None:
    """``practice``/``day0``/``0`` -> ``practice``; ``1``/``Day 1`` -> ``day1``;
    anything else as written; None or blank -> None."""
    if day is None or not day.strip():
        return None
    text = day.strip().lower()
    if text in PRACTICE_MARKS:
        return PRACTICE
    number = re.fullmatch(r"(?:day\s*)?(\d+)", text)
    return f"day{int(number.group(1))}" if number else day.strip()


def problem_days(rows: Iterable[RescoreRow]) -> dict[ProblemKey, str]:
    """Per (year, problem), its most common normalised day (first seen on ties);
    problems whose rows name no day are left out."""
    seen: dict[ProblemKey, Counter[str]] = {}
    for row in rows:
        day = normalise_day(row.day)
        if day is not None:
            seen.setdefault((row.year, problem_label(row)), Counter())[day] += 1
    return {key: days.most_common(1)[0][0] for key, days in seen.items()}
