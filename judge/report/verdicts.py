"""Counting result rows per problem: submissions, compiled, verdicts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, Field

from judge.report.days import ProblemKey, problem_label
from judge.rescore.models import RescoreRow, RowStatus

# The columns of the verdict tables, in this order; other verdicts (OLE, SE) follow
# when some row has them.
VERDICTS = ("AC", "PA", "WA", "TLE", "MLE", "RE", "CE", "NO_CODE", "ERROR")


class ProblemCounts(BaseModel):
    year: int | None
    problem: str
    submissions: int = Field(description="Rows judged or without code (errors left out).")
    compiling: int
    no_code: int
    errors: int = 0
    verdicts: dict[str, int] = Field(
        default_factory=dict, description="Rows per verdict (AC, PA, WA, ..., ERROR)."
    )


Counts = dict[ProblemKey, ProblemCounts]


def count_rows(rows: Iterable[RescoreRow]) -> list[ProblemCounts]:
    """One :class:`ProblemCounts` per (year, problem), in order of first row."""
    counts: dict[ProblemKey, ProblemCounts] = {}
    for r in rows:
        key = (r.year, problem_label(r))
        c = counts.setdefault(
            key, ProblemCounts(year=key[0], problem=key[1], submissions=0, compiling=0, no_code=0)
        )
        error = r.status is RowStatus.ERROR
        c.errors += error
        c.submissions += not error
        c.compiling += r.code_compiles and not error
        c.no_code += r.status is RowStatus.NO_CODE
        c.verdicts[r.verdict] = c.verdicts.get(r.verdict, 0) + 1
    return list(counts.values())


def verdict_columns(counts: Iterable[ProblemCounts]) -> list[str]:
    """:data:`VERDICTS`, then any other verdict some row has, sorted."""
    seen: Counter[str] = Counter()
    for c in counts:
        seen.update(c.verdicts)
    return list(VERDICTS) + sorted(v for v in seen if v not in VERDICTS)
