"""The IOI 50-submission selection: which of many model submissions a contestant
limited to 50 would have submitted, and what they would have scored.

    from judge.selection import Candidate, select, select_all, year_report
    sel = select(candidates, limit=50, mode="ioi")          # or "open-r1-compat"
    report = year_report(2024, select_all(all_candidates), thresholds)
"""

from judge.selection.models import (
    Candidate,
    Medal,
    MedalThresholds,
    Selection,
    SelectionError,
    SubtaskBest,
    SubtaskScore,
    YearReport,
)
from judge.selection.problem import DEFAULT_LIMIT, problem_score, select
from judge.selection.report import select_all, year_report
from judge.selection.strategies import STRATEGIES

__all__ = [
    "DEFAULT_LIMIT",
    "STRATEGIES",
    "Candidate",
    "Medal",
    "MedalThresholds",
    "Selection",
    "SelectionError",
    "SubtaskBest",
    "SubtaskScore",
    "YearReport",
    "problem_score",
    "select",
    "select_all",
    "year_report",
]
