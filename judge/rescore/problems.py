"""Mapping the problems named by input rows (open-r1's ``year`` + ``problem_id``,
e.g. ``2024``/``nile``) to problems of the store.

Resolution order, first match wins:

1. an explicit ``--map problem_id=store_id`` (or ``year/problem_id=store_id``);
2. a store id equal to ``problem_id``;
3. a store problem whose normalised id or name equals the normalised
   ``problem_id`` (lower case, letters and digits only, and with the year and an
   ``ioi`` prefix removed, so ``ioi2024_nile``, ``2024-nile`` and ``Nile`` all
   match ``nile``) and whose year equals the row's (when both are known);
4. the same without the year, if exactly one store problem matches.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from judge.problems.model import Problem
from judge.problems.store import ProblemStore


def normalise(name: str, year: int | None = None) -> str:
    text = re.sub(r"[^a-z0-9]", "", name.lower())
    if year is not None:
        for prefix in (f"ioi{year}", str(year)):
            if text.startswith(prefix) and len(text) > len(prefix):
                text = text[len(prefix) :]
            if text.endswith(prefix) and len(text) > len(prefix):
                text = text[: -len(prefix)]
    return text


class ProblemIndex:
    def __init__(self, problems: list[Problem], overrides: Mapping[str, str] | None = None) -> None:
        self.overrides = dict(overrides or {})
        self.ids = {p.id for p in problems}
        self.years = {p.id: p.year for p in problems}
        self._by_name: dict[str, set[str]] = defaultdict(set)
        for p in problems:
            for label in (p.id, p.name):
                self._by_name[normalise(label, p.year)].add(p.id)
                self._by_name[normalise(label)].add(p.id)

    @classmethod
    def from_store(
        cls, store: ProblemStore, overrides: Mapping[str, str] | None = None
    ) -> ProblemIndex:
        return cls(store.list(), overrides)

    def resolve(self, year: int | None, problem_id: str) -> str | None:
        """The store id for a row's problem, or None."""
        for key in (f"{year}/{problem_id}", problem_id):
            if key in self.overrides:
                return self.overrides[key]
        if problem_id in self.ids:
            return problem_id
        candidates = self._by_name.get(normalise(problem_id, year), set())
        if year is not None:
            same_year = {c for c in candidates if self.years[c] == year}
            if len(same_year) == 1:
                return same_year.pop()
            candidates = {c for c in candidates if self.years[c] in (year, None)}
        if len(candidates) == 1:
            return next(iter(candidates))
        return None


def parse_overrides(items: list[str]) -> dict[str, str]:
    """``["nile=ioi2024-nile", "2024/message=message"]`` -> a mapping."""
    mapping = {}
    for item in items:
        source, sep, target = item.partition("=")
        if not sep or not source or not target:
            raise ValueError(f"--map wants PROBLEM_ID=STORE_ID, got {item!r}")
        mapping[source.strip()] = target.strip()
    return mapping
