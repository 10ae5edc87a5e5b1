"""Reward functions for datasets that carry their own tests (TRL's GRPO
signature, ``f(completions, **columns) -> list[float]``), judged through
``/v1/runs``: Open R1 ``verification_info`` rows, open-r1/codeforces rows (with
their checker), DeepCoder/rllm ``tests`` rows (:mod:`judge.client.rows`).

The code of a completion is its last fenced block of the language (the reward's
``language``, else the row's own, else C++). Each row's tests are uploaded once
as a test set (content-addressed), so the completions of one prompt share them.
The reward is 1.0 when every test passes, else 0.0 (``mode="fraction"``: the
fraction of tests passed); no code or a compile error is 0.0.

A judge failure (service unreachable, a run ending in ``error``, an SE verdict)
is never a silent 0: ``on_error="raise"`` (default) raises :class:`RewardError`;
``on_error="count"`` gives ``None`` for that completion (TRL leaves it out of
the mean) and counts it in :attr:`RunReward.failures`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from judge.client.retry import JudgeClientError
from judge.client.reward import RewardError, completion_text
from judge.client.rows import RowTests, parse_row
from judge.client.sync import JudgeClient
from judge.languages.extraction import extract_code
from judge.languages.registry import DEFAULT_LANGUAGE, find_language
from judge.wire.results import Verdict
from judge.wire.runs import RunRequest, RunStatus, RunView, testset_id


def column_rows(columns: Mapping[str, Any], n: int) -> list[dict[str, Any]]:
    """The ``n`` rows of TRL's keyword columns (lists aligned with the completions;
    a column that is not a list of ``n`` values is the same for every row)."""
    rows: list[dict[str, Any]] = [{} for _ in range(n)]
    for name, values in columns.items():
        aligned = isinstance(values, Sequence) and not isinstance(values, str | bytes) and len(
            values) == n
        for i in range(n):
            rows[i][name] = values[i] if aligned else values
    return rows


class RunReward:
    """``RunReward(client)(completions, **columns)``: see the module docstring.
    ``time_limit``/``memory_limit`` apply to rows that give none."""

    __name__ = "judge_run_reward"  # TRL logs reward functions by __name__

    def __init__(
        self,
        client: JudgeClient,
        language: str | None = None,
        mode: Literal["all", "fraction"] = "all",
        on_error: Literal["raise", "count"] = "raise",
        concurrency: int = 64,
        timeout: float = 600.0,
        time_limit: float | None = None,
        memory_limit: int | None = None,
    ) -> None:
        self.client = client
        self.language = find_language(language).name if language else None
        self.mode = mode
        self.on_error = on_error
        self.concurrency = concurrency
        self.timeout = timeout
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        self.failures = 0  # completions the judge could not score (on_error="count")
        self._uploaded: set[str] = set()

    def __call__(self, completions: Sequence[Any], **columns: Any) -> list[float | None]:
        rows = column_rows(columns, len(completions))
        rewards: list[float | None] = [0.0] * len(completions)
        pending: list[tuple[int, RunRequest]] = []
        for i, (completion, row) in enumerate(zip(completions, rows, strict=True)):
            request = self.request(completion_text(completion), parse_row(row))
            if request is not None:
                pending.append((i, request))
        states = self.client.run_many([r for _, r in pending], self.concurrency, self.timeout)
        for (i, _), state in zip(pending, states, strict=True):
            rewards[i] = self.reward(state)
        return rewards

    def request(self, text: str, row: RowTests) -> RunRequest | None:
        """The run of one completion on its row's tests, or None without code."""
        language = find_language(self.language or row.language or DEFAULT_LANGUAGE).name
        code = extract_code(text, language=language)
        if not code:
            return None
        return RunRequest(
            language=language, source=code, testset=self._testset(row),
            time_limit=self.time_limit or row.time_limit,
            memory_limit=self.memory_limit or row.memory_limit,
            compare=row.compare, checker=row.checker,
            stop_on_failure=self.mode == "all",
        )

    def _testset(self, row: RowTests) -> str:
        """The id of the row's test set, uploaded on its first use by this reward."""
        set_id = testset_id(row.tests)
        if set_id not in self._uploaded:
            try:
                self.client.create_testset(row.tests)
            except JudgeClientError as exc:
                raise RewardError(f"could not upload the tests: {exc}") from exc
            self._uploaded.add(set_id)
        return set_id

    def reward(self, state: RunView) -> float | None:
        result = state.result
        if state.status is not RunStatus.DONE or result is None or result.verdict is Verdict.SE:
            why = state.error or (result.tests[0].message if result and result.tests else
                                  result.compile.message if result else "no result")
            return self._failed(f"run {state.id or '(not accepted)'} failed in the judge: {why}")
        if result.verdict is Verdict.CE or result.total == 0:
            return 0.0
        if self.mode == "fraction":
            return result.passed / result.total
        return 1.0 if result.verdict is Verdict.AC else 0.0

    def _failed(self, message: str) -> float | None:
        if self.on_error == "raise":
            raise RewardError(message)
        self.failures += 1
        return None


def run_reward(base_url: str, token: str | None = None, timeout: float = 30.0,
               **options: Any) -> RunReward:
    """The reward function for a service at ``base_url`` (options: :class:`RunReward`)."""
    return RunReward(JudgeClient(base_url, token, timeout=timeout), **options)
