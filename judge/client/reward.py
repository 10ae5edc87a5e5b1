"""A ready reward function for RL (TRL's GRPO signature: ``completions, **kwargs
-> list[float]``).

Each completion is a model answer (a string, or a chat-format list of messages);
the code is its last fenced code block (:func:`judge.languages.extraction.extract_code`).
Dataset columns arrive as keyword lists aligned with ``completions``: the
problem (``problem_id`` or ``id``) and the targeted subtask (``target_subtask``
or ``subtask``). The reward is the targeted subtask's score fraction, judged
with early stop; 0 for no code or a compile error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from judge.client.retry import JudgeClientError
from judge.client.sync import JudgeClient
from judge.languages.extraction import extract_code
from judge.languages.registry import DEFAULT_LANGUAGE, family_of
from judge.problems.model import match_subtask
from judge.wire.problems import SubtaskInfo
from judge.wire.results import SubmissionResult, Verdict
from judge.wire.submissions import (
    SubmissionRequest,
    SubmissionState,
    SubmissionStatus,
)

PROBLEM_COLUMNS = ("problem_id", "id")
SUBTASK_COLUMNS = ("target_subtask", "subtask")


class RewardError(RuntimeError):
    """The judge could not score a completion (with ``on_error="raise"``)."""


def completion_text(completion: Any) -> str:
    """The text of a completion: a string, or the last assistant message of a chat."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, Mapping):
        return _content_text(completion.get("content"))
    if isinstance(completion, Sequence):
        messages = [m for m in completion if isinstance(m, Mapping)]
        answers = [m for m in messages if m.get("role", "assistant") == "assistant"]
        if answers:
            return _content_text(answers[-1].get("content"))
    return ""


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, Sequence):  # multimodal parts: [{"type": "text", "text": ...}]
        parts = [p.get("text", "") for p in content if isinstance(p, Mapping)]
        return "".join(p for p in parts if isinstance(p, str))
    return ""


def subtask_fraction(result: SubmissionResult, subtask: str | None) -> float:
    """The score fraction in [0, 1] of ``subtask`` (its :attr:`SubtaskResult.fraction`),
    or of the whole problem when None (points earned of points possible; a
    problem worth no points counts 1 when every subtask is accepted, else 0)."""
    if not result.compile.ok:
        return 0.0
    if subtask is not None:
        chosen = match_subtask(subtask, result.subtasks)
        return 0.0 if chosen is None else chosen.fraction
    if not result.subtasks:
        return 0.0
    points = sum(s.max_score for s in result.subtasks)
    if points <= 0:
        return 1.0 if all(s.status is Verdict.AC for s in result.subtasks) else 0.0
    return max(0.0, min(1.0, sum(s.score for s in result.subtasks) / points))


def _column(kwargs: Mapping[str, Any], names: Sequence[str], n: int) -> list[Any]:
    for name in names:
        values = kwargs.get(name)
        if values is not None:
            values = list(values) if isinstance(values, Sequence) and not isinstance(
                values, str
            ) else [values] * n
            if len(values) != n:
                raise ValueError(f"column {name!r} has {len(values)} values for {n} completions")
            return values
    return [None] * n


class IOIReward:
    """Callable reward: ``IOIReward(client)(completions, problem_id=[...], subtask=[...])``.

    ``on_error``: what a judging failure (service unreachable, internal judge
    error) gives: ``"raise"`` (default: a silent 0 would poison training) or
    ``"zero"``."""

    __name__ = "ioi_reward"  # TRL logs reward functions by __name__

    def __init__(
        self,
        client: JudgeClient,
        language: str = DEFAULT_LANGUAGE,
        concurrency: int = 64,
        timeout: float = 600.0,
        on_error: Literal["raise", "zero"] = "raise",
        problem_map: Mapping[str, str] | None = None,
    ) -> None:
        self.client = client
        self.language = language
        # Blocks of this family are read (UnknownLanguage, a ValueError, for a language no
        # code fence names).
        self.family = family_of(language)
        self.concurrency = concurrency
        self.timeout = timeout
        self.on_error = on_error
        self.problem_map = dict(problem_map or {})
        self._subtasks: dict[str, list[SubtaskInfo]] = {}

    def __call__(self, completions: Sequence[Any], **kwargs: Any) -> list[float]:
        n = len(completions)
        problems = _column(kwargs, PROBLEM_COLUMNS, n)
        subtasks = _column(kwargs, SUBTASK_COLUMNS, n)
        rewards = [0.0] * n
        pending: list[tuple[int, SubmissionRequest]] = []
        for i, completion in enumerate(completions):
            code = extract_code(completion_text(completion), language=self.family)
            if not code or problems[i] is None:
                continue
            problem = self.problem_map.get(str(problems[i]), str(problems[i]))
            try:
                subtask = self._subtask_name(problem, subtasks[i])
                request = SubmissionRequest(  # ValueError for a source that is not valid Unicode
                    problem_id=problem,
                    language=self.language,
                    source=code,
                    subtask=subtask,
                    early_stop=True,
                    priority="interactive",
                )
            except (JudgeClientError, ValueError) as exc:
                if self.on_error == "zero":
                    continue
                raise RewardError(str(exc)) from exc
            pending.append((i, request))
        states = self.client.score_many(
            [r for _, r in pending], concurrency=self.concurrency, timeout=self.timeout
        )
        for (i, request), state in zip(pending, states, strict=True):
            rewards[i] = self._reward(state, request.subtask)
        return rewards

    def _subtask_name(self, problem: str, target: object) -> str | None:
        """The store's name of the targeted subtask (datasets say ``01-len64``,
        the store ``len64``); the problem's subtasks are fetched once."""
        if target is None:
            return None
        if problem not in self._subtasks:
            self._subtasks[problem] = self.client.problem(problem).subtasks
        found = match_subtask(str(target), self._subtasks[problem])
        if found is None:
            known = ", ".join(s.name for s in self._subtasks[problem])
            raise ValueError(f"problem {problem!r} has no subtask {target!r} (has: {known})")
        return found.name

    def _reward(self, state: SubmissionState, subtask: str | None) -> float:
        if state.status is SubmissionStatus.DONE and state.result is not None:
            return subtask_fraction(state.result, subtask)
        if self.on_error == "zero":
            return 0.0
        raise RewardError(f"submission {state.id or '(not accepted)'} failed: {state.error}")


def ioi_reward(
    base_url: str, token: str | None = None, timeout: float = 30.0, **options: Any
) -> IOIReward:
    """Build the reward function for a service at ``base_url``."""
    return IOIReward(JudgeClient(base_url, token, timeout=timeout), **options)
