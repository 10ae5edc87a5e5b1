"""The client against a real running service (redis-server + API + worker)."""

from __future__ import annotations

import asyncio

import pytest
from client_service import Service
from sum_problem import CORRECT, OVERFLOW

from judge.client import (
    AsyncJudgeClient,
    AuthError,
    JudgeClient,
    NotFoundError,
    SubmissionRequest,
    SubmissionStatus,
)
from judge.client.reward import IOIReward

pytestmark = pytest.mark.slow


def _req(source: str, subtask: str | None = None, problem: str = "sum") -> SubmissionRequest:
    return SubmissionRequest(problem_id=problem, language="cpp17", source=source,
                             subtask=subtask, priority="batch")


def test_submit_get_wait_and_score(service: Service) -> None:
    with JudgeClient(service.url, service.token, timeout=10) as client:
        accepted = client.submit(_req(CORRECT))
        assert accepted.id and accepted.status in set(SubmissionStatus)
        done = client.wait(accepted.id, timeout=120)
        assert done.status is SubmissionStatus.DONE and done.result is not None
        assert done.result.score == 100 and done.result.problem == "sum"
        assert client.get(accepted.id).result == done.result
        assert [s.id for s in client.get_many([accepted.id])] == [accepted.id]
        partial = client.score(_req(OVERFLOW), timeout=120)
        assert partial.result is not None and partial.result.score == 40
        with pytest.raises(NotFoundError):
            client.get("no-such-submission")


def test_score_many_keeps_order_and_reports_refusals(service: Service) -> None:
    requests = [_req(CORRECT, "01-small"), _req("int main( {"), _req(OVERFLOW, "02-full"),
                _req(CORRECT, problem="no-such-problem")]
    with JudgeClient(service.url, service.token) as client:
        states = client.score_many(requests, concurrency=3, timeout=120)
    assert [s.status for s in states[:3]] == [SubmissionStatus.DONE] * 3
    assert states[0].result is not None and states[0].result.score == 40
    assert states[1].result is not None and states[1].result.compile.status.value == "CE"
    assert states[2].result is not None and states[2].result.score == 0
    assert states[3].status is SubmissionStatus.ERROR and states[3].id == ""
    assert "404" in (states[3].error or "") or "422" in (states[3].error or "")


def test_wrong_token_is_refused(service: Service) -> None:
    with JudgeClient(service.url, "not-a-token") as client, pytest.raises(AuthError):
        client.submit(_req(CORRECT))


def test_async_client_scores_concurrently(service: Service) -> None:
    async def run() -> list[float]:
        async with AsyncJudgeClient(service.url, service.token) as client:
            states = await client.score_many(
                [_req(CORRECT), _req(OVERFLOW), _req(CORRECT, "00-samples")], concurrency=3
            )
        return [s.result.score if s.result else -1.0 for s in states]

    assert asyncio.run(run()) == [100, 40, 0]


def test_reward_function_scores_the_target_subtask(service: Service) -> None:
    fence = "Here is my solution:\n```cpp\n{}```\n"
    completions = [
        fence.format(CORRECT),  # full marks
        [{"role": "user", "content": "solve"},
         {"role": "assistant", "content": fence.format(OVERFLOW)}],  # chat format, small ok
        fence.format(OVERFLOW),  # full fails
        "no code at all",
        fence.format("int main( {"),  # compile error
    ]
    with JudgeClient(service.url, service.token) as client:
        reward = IOIReward(client, concurrency=4)
        rewards = reward(
            completions,
            problem_id=["sum"] * 5,
            subtask=["02-full", "01-small", "02-full", "02-full", "00-samples"],
        )
    assert rewards == [1.0, 1.0, 0.0, 0.0, 0.0]
    assert reward.__name__ == "ioi_reward"
