"""Turning input generations into work: which rows are ready without judging
(no code, unknown problem, a source already judged) and which distinct sources
must be judged, each once, with the rows waiting on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from judge.languages.base import Language
from judge.languages.registry import (
    DEFAULT_LANGUAGE,
    UnknownLanguage,
    find_language,
    get_language,
)
from judge.problems.store import ProblemNotFound, ProblemStore, StoredProblem
from judge.rescore.backends import RescoreItem
from judge.rescore.models import Generation, RescoreRow, RowStatus, source_hash
from judge.rescore.problems import ProblemIndex
from judge.rescore.rows import duplicate_row, error_row, no_code_row

# Values of a dataset's language column that name no language.
NO_LANGUAGE = frozenset({"", "unknown"})

Extractor = Callable[[str, str], str | None]


@dataclass
class Plan:
    ready: list[RescoreRow] = field(default_factory=list)
    jobs: list[RescoreItem] = field(default_factory=list)
    waiting: dict[str, list[tuple[Generation, str]]] = field(default_factory=dict)
    precision: dict[str, int] = field(default_factory=dict, repr=False)


@dataclass
class Planner:
    """``store``/``index`` resolve problems locally; with ``remote`` set, problems
    the store does not know are passed to the service by their (mapped) id."""

    store: ProblemStore
    index: ProblemIndex
    extract: Extractor
    language: str = DEFAULT_LANGUAGE
    add_includes: bool = False
    remote: bool = False
    _cache: dict[str, StoredProblem | None] = field(default_factory=dict)

    def plan(self, generations: list[Generation], judged: dict[str, RescoreRow]) -> Plan:
        """``judged``: rows already in the results file with a judged source, by hash."""
        plan = Plan()
        for gen in generations:
            self._plan_one(gen, judged, plan)
        return plan

    def _plan_one(self, gen: Generation, judged: dict[str, RescoreRow], plan: Plan) -> None:
        language = self.language_of(gen)
        problem_id = self.index.resolve(gen.year, gen.problem_id)
        stored = self._stored(problem_id) if problem_id is not None else None
        if stored is None and not self.remote:
            plan.ready.append(error_row(gen, f"no stored problem matches {gen.problem_id!r}"))
            return
        if stored is not None:
            gen = with_problem_facts(gen, stored)
        code = self.code_of(gen, language, stored)
        if not code:
            problem = stored.problem if stored is not None else None
            plan.ready.append(no_code_row(gen, problem, language))
            return
        if stored is not None:
            target, version = stored.problem.id, stored.problem.version
            plan.precision[target] = stored.problem.score_precision
        else:
            target = problem_id or self.index.overrides.get(gen.problem_id, gen.problem_id)
            version = f"server:{target}"
        key = source_hash(version, language, code)
        if key in judged:
            plan.ready.append(duplicate_row(gen, judged[key]))
        elif key in plan.waiting:
            plan.waiting[key].append((gen, code))
        else:
            plan.waiting[key] = [(gen, code)]
            plan.jobs.append(
                RescoreItem(
                    source_hash=key, problem=target,
                    version=stored.problem.version if stored is not None else None,
                    language=language, source=code,
                )
            )

    def _stored(self, problem_id: str) -> StoredProblem | None:
        if problem_id not in self._cache:
            try:
                self._cache[problem_id] = self.store.get(problem_id)
            except ProblemNotFound:
                self._cache[problem_id] = None
        return self._cache[problem_id]

    def language_of(self, gen: Generation) -> str:
        """The language a row is judged in: the one its language column names
        (a family's alias such as ``cpp`` means the configured language if it is
        of that family), the configured one if the column names none. A spelling
        no language has is kept: judging then fails for that row alone."""
        spelling = (gen.language or "").strip().lower()
        if spelling in NO_LANGUAGE:
            return self.language
        try:
            return find_language(spelling, prefer=self.language).name
        except UnknownLanguage:
            return spelling

    def code_of(self, gen: Generation, language: str, stored: StoredProblem | None) -> str | None:
        """The ``code`` column if set, else the last fenced block of ``generation``
        (code in a language nobody knows is looked for as the default language's)."""
        lang = _known(language)
        code = gen.code
        if not code and gen.generation:
            code = self.extract(gen.generation, lang.name)
        if not code or not code.strip():
            return None
        if self.add_includes:
            code = with_includes(lang, code, stored)
        return code


def with_problem_facts(gen: Generation, stored: StoredProblem) -> Generation:
    """Fill the row's year and day from the stored problem when the input lacks
    them (day 0 is the practice session, left out of year totals)."""
    update: dict[str, object] = {}
    if gen.year is None and stored.problem.year is not None:
        update["year"] = stored.problem.year
    if gen.day is None and stored.problem.day is not None:
        update["day"] = "practice" if stored.problem.day == 0 else f"day{stored.problem.day}"
    return gen.model_copy(update=update) if update else gen


def _known(language: str) -> Language:
    try:
        return get_language(language)
    except UnknownLanguage:
        return get_language(DEFAULT_LANGUAGE)


def with_includes(lang: Language, code: str, stored: StoredProblem | None) -> str:
    """open-r1's ``add_includes`` (:meth:`Language.add_includes`) with the task's
    headers for ``lang`` (models often forget them)."""
    graders = stored.problem.graders.get(lang.family) if stored is not None else None
    return lang.add_includes(code, graders.headers if graders is not None else [])


def judged_by_hash(rows: dict[str, RescoreRow]) -> dict[str, RescoreRow]:
    return {
        r.source_hash: r
        for r in rows.values()
        if r.status is RowStatus.JUDGED and r.source_hash is not None
    }
