"""Models of the submission selection: scored candidates in, a selection and a
year report out."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

from judge.wire.results import SubmissionResult, SubtaskResult


class SelectionError(ValueError):
    """The candidates of one problem cannot be selected from (inconsistent input)."""


class SubtaskScore(BaseModel):
    """One candidate's result on one subtask.

    ``fraction`` is the minimum test score (0..1) and ``score`` the points,
    ``fraction x max_score`` rounded to the problem's precision. Both are kept
    because the samples subtask is usually worth 0 points: only its fraction
    says whether a submission passed the samples; and because CMS sums exact
    points (``fraction x max_score``) where open-r1 sums the rounded ones.
    """

    name: str
    index: int
    max_score: float = Field(ge=0.0)
    score: float = Field(ge=0.0, description="Points, rounded to the problem's precision.")
    fraction: float = Field(ge=0.0, le=1.0)

    @classmethod
    def from_fraction(
        cls, name: str, index: int, max_score: float, fraction: float, precision: int
    ) -> SubtaskScore:
        return cls(
            name=name,
            index=index,
            max_score=max_score,
            score=round(fraction * max_score, precision),
            fraction=fraction,
        )

    @classmethod
    def from_result(cls, result: SubtaskResult) -> SubtaskScore:
        """From the judge's :class:`SubtaskResult`, fraction and points as judged."""
        return cls.model_validate(result, from_attributes=True)


class Candidate(BaseModel):
    """One scored model submission for one problem, written for one target subtask.

    ``results`` holds one entry per subtask of the problem (any order; kept sorted
    by index). A candidate without code or that failed to compile may leave it
    empty: it then scores 0 everywhere.
    """

    id: str
    problem_id: str
    year: int | None = None
    day: str | None = Field(None, description="Contest day; 'practice' problems are not counted.")
    target_subtask: str | None = Field(description="Name of the subtask it was written for.")
    has_code: bool = True
    compile_ok: bool = True
    results: list[SubtaskScore] = Field(default_factory=list)
    score_precision: int = Field(2, ge=0, le=10)
    output_tokens: int | None = Field(None, ge=0)
    generation_length: int = Field(0, ge=0, description="Characters of the generation.")

    @model_validator(mode="after")
    def _check_results(self) -> Candidate:
        self.results = sorted(self.results, key=lambda r: r.index)
        names = [r.name for r in self.results]
        if len(set(names)) != len(names):
            raise ValueError(f"candidate {self.id!r}: duplicate subtask names")
        if len({r.index for r in self.results}) != len(self.results):
            raise ValueError(f"candidate {self.id!r}: duplicate subtask indices")
        if self.has_code and self.compile_ok and not self.results:
            raise ValueError(f"candidate {self.id!r} compiled but has no subtask results")
        return self

    @property
    def eligible(self) -> bool:
        """Has code that compiled: the only candidates the ``ioi`` rule considers."""
        return self.has_code and self.compile_ok

    @property
    def reasoning_length(self) -> int:
        """Output tokens when known, else the generation's length in characters."""
        return self.output_tokens if self.output_tokens is not None else self.generation_length

    @property
    def total(self) -> float:
        """This candidate's own score as CMS gives it: exact points summed, rounded once."""
        return self.total_score(exact=True)

    def total_score(self, exact: bool) -> float:
        """The sum of its subtask points, exact (CMS) or each rounded (open-r1),
        rounded to the problem's precision."""
        parts = [r.fraction * r.max_score if exact else r.score for r in self.results]
        return round(sum(parts), self.score_precision)

    @classmethod
    def from_submission(
        cls, id: str, target_subtask: str | None, result: SubmissionResult, **fields: object
    ) -> Candidate:
        """From a judged :class:`SubmissionResult`. ``fields`` sets year, day,
        precision, lengths."""
        results = [SubtaskScore.from_result(st) for st in result.subtasks]
        return cls.model_validate(
            {
                "id": id,
                "problem_id": result.problem,
                "target_subtask": target_subtask,
                "compile_ok": result.compile.ok,
                "results": results,
                **fields,
            }
        )


class SubtaskBest(BaseModel):
    """The best points on one subtask among a set of submissions."""

    name: str
    index: int
    max_score: float
    score: float
    candidate_id: str | None = Field(None, description="First selected candidate scoring it.")


class Selection(BaseModel):
    """What a contestant limited to ``limit`` submissions would have scored."""

    problem_id: str
    year: int | None = None
    day: str | None = None
    mode: str
    limit: int
    candidates: int = Field(description="Candidates given.")
    eligible: int = Field(description="Candidates with code that compiled.")
    selected: list[str] = Field(description="Ids of the selected candidates, in order.")
    score: float = Field(description="Problem score from the selected submissions.")
    unlimited_score: float = Field(description="Problem score from all submissions.")
    best_single_score: float = Field(description="Best score of one submission alone.")
    max_score: float
    subtasks: list[SubtaskBest] = Field(description="Best per subtask among the selected.")


class Medal(StrEnum):
    GOLD = "gold"
    SILVER = "silver"
    BRONZE = "bronze"
    NONE = "none"


class MedalThresholds(BaseModel):
    """Lowest total (out of 600) earning each medal."""

    gold: float
    silver: float
    bronze: float

    @model_validator(mode="after")
    def _ordered(self) -> MedalThresholds:
        if not self.gold >= self.silver >= self.bronze:
            raise ValueError("medal thresholds must satisfy gold >= silver >= bronze")
        return self

    def medal(self, total: float) -> Medal:
        if total >= self.gold:
            return Medal.GOLD
        if total >= self.silver:
            return Medal.SILVER
        if total >= self.bronze:
            return Medal.BRONZE
        return Medal.NONE


class YearReport(BaseModel):
    """Per-problem selections of one IOI year and the contest totals."""

    year: int | None
    mode: str
    limit: int
    problems: list[Selection]
    practice: list[str] = Field(description="Problems left out of the totals.")
    total: float = Field(description="Sum of non-practice problem scores (limited).")
    unlimited_total: float
    best_single_total: float
    out_of: float = 600.0
    thresholds: MedalThresholds | None = None
    medal: Medal | None = Field(None, description="Medal of ``total``, when thresholds given.")
    unlimited_medal: Medal | None = None
