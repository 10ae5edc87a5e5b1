"""The dataset reward functions (:mod:`judge.client.run_reward`) on a small
made-up dataset of each row format, judged by a real service: Open R1
``verification_info`` rows, open-r1/codeforces rows with a checker,
DeepCoder/rllm rows in both test layouts; function-call tests refused; a judge
failure raised or counted, never a silent 0. Also the clients' run methods."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from client_service import Service

from judge.client import AsyncJudgeClient, JudgeClient
from judge.client.reward import RewardError
from judge.client.rows import UnsupportedRow
from judge.client.run_reward import RunReward
from judge.wire.runs import RunRequest, RunTest

pytestmark = pytest.mark.slow


def answer(code: str, fence: str = "python") -> str:
    return f"Here is my solution.\n```{fence}\n{code}```\n"


PY_SUM = "a, b = map(int, input().split())\nprint(a + b)\n"
PY_FIRST_ONLY = "a, b = map(int, input().split())\nprint(3)\n"
SUM_CASES = [{"input": "1 2\n", "output": "3\n"}, {"input": "40 2\n", "output": "42\n"}]

# open-r1/codeforces: print any divisor of n above 1; the row's answer is the
# smallest one, and only the checker knows that n itself is right too.
CF_CHECKER = """import sys
n = int(open(sys.argv[1]).read())
out = open(sys.argv[3]).read().split()
print(1 if len(out) == 1 and out[0].isdigit() and 1 < int(out[0]) and n % int(out[0]) == 0 else 0)
"""
CPP_SMALLEST = ("#include <bits/stdc++.h>\nint main(){long long n;std::cin>>n;"
                "for(long long d=2;;d++) if(n%d==0){std::cout<<d;return 0;}}\n")
CPP_ITSELF = "#include <bits/stdc++.h>\nint main(){long long n;std::cin>>n;std::cout<<n;}\n"
CPP_ONE = "#include <bits/stdc++.h>\nint main(){std::cout<<1;}\n"
CF_ROW = {"official_tests": [{"input": "15\n", "output": "3\n"},
                             {"input": "49\n", "output": "7\n"}],
          "time_limit": 1.0, "memory_limit": 256, "input_mode": "stdio",
          "generated_checker": CF_CHECKER}


def columns(row: dict[str, Any], n: int) -> dict[str, list[Any]]:
    """TRL's keyword columns of ``n`` completions of one row."""
    return {name: [value] * n for name, value in row.items()}


@pytest.fixture
def client(service: Service) -> JudgeClient:
    return JudgeClient(service.url, service.token, timeout=60)


def test_openr1_verification_info(client: JudgeClient) -> None:
    info = json.dumps({"language": "python", "test_cases": [
        {**case, "type": "stdin_stdout"} for case in SUM_CASES]})
    completions = [answer(PY_SUM), answer(PY_FIRST_ONLY), "no code at all",
                   answer("def broken(:\n")]
    column = [info] * len(completions)
    assert RunReward(client)(completions, verification_info=column) == [1.0, 0.0, 0.0, 0.0]
    fraction = RunReward(client, mode="fraction")
    assert fraction(completions[:2], verification_info=column[:2]) == [1.0, 0.5]
    chat = [[{"role": "user", "content": "sum"}, {"role": "assistant", "content": answer(PY_SUM)}]]
    assert RunReward(client)(chat, verification_info=[info]) == [1.0]


def test_codeforces_rows_with_checker(client: JudgeClient) -> None:
    completions = [answer(CPP_SMALLEST, "cpp"), answer(CPP_ITSELF, "cpp"), answer(CPP_ONE, "cpp")]
    assert RunReward(client)(completions, **columns(CF_ROW, 3)) == [1.0, 1.0, 0.0]
    plain = columns({**CF_ROW, "generated_checker": None}, 3)  # only the row's answers
    assert RunReward(client)(completions, **plain) == [1.0, 0.0, 0.0]
    python = RunReward(client, language="python3")
    sums = {**CF_ROW, "official_tests": SUM_CASES, "generated_checker": None}
    assert python([answer(PY_SUM)], **columns(sums, 1)) == [1.0]
    with pytest.raises(UnsupportedRow, match="file input"):
        RunReward(client)(completions[:1], **columns({**CF_ROW, "input_mode": "file"}, 1))


def test_rllm_rows(client: JudgeClient) -> None:
    listed = json.dumps(SUM_CASES)
    columns = {"inputs": [c["input"] for c in SUM_CASES],
               "outputs": [c["output"] for c in SUM_CASES]}
    reward = RunReward(client, language="python")
    completions = [answer(PY_SUM), answer(PY_FIRST_ONLY), answer(PY_SUM), answer(PY_FIRST_ONLY)]
    assert reward(completions, tests=[listed, listed, columns, columns]) == [1.0, 0.0, 1.0, 0.0]
    calls = {"fn_name": "add", "inputs": [[1, 2]], "outputs": [3]}
    with pytest.raises(UnsupportedRow, match="function-call"):
        reward([answer(PY_SUM)], tests=[calls])
    functional = [{"input": "1 2", "output": "3", "testtype": "functional"}]
    with pytest.raises(UnsupportedRow, match="function-call"):
        reward([answer(PY_SUM)], tests=[functional])


def test_judge_failure_is_raised_or_counted(client: JudgeClient) -> None:
    silent = {**CF_ROW, "generated_checker": "pass\n"}  # prints no score: an SE
    completion = [answer(CPP_SMALLEST, "cpp")]
    with pytest.raises(RewardError, match="failed in the judge"):
        RunReward(client)(completion, **columns(silent, 1))
    counting = RunReward(client, on_error="count")
    assert counting(completion * 2, **columns(silent, 2)) == [None, None]
    assert counting.failures == 2
    assert counting(completion, **columns(CF_ROW, 1)) == [1.0] and counting.failures == 2


def test_client_run_methods(client: JudgeClient, service: Service) -> None:
    tests = [RunTest(**case) for case in SUM_CASES]
    info = client.create_testset(tests)
    assert client.create_testset(tests) == info and info.tests == 2
    one = client.run(RunRequest(language="python3", source=PY_SUM, testset=info.id))
    assert one.result is not None and one.result.passed == 2
    many = client.run_batch([RunRequest(language="python3", source=s, tests=tests)
                             for s in (PY_SUM, PY_FIRST_ONLY)])
    assert [v.result.verdict.value for v in many if v.result] == ["AC", "WA"]

    async def both() -> list[str]:
        async with AsyncJudgeClient(service.url, service.token) as aio:
            assert (await aio.create_testset(tests)).id == info.id
            states = await aio.run_many([RunRequest(language="py", source=s, testset=info.id)
                                         for s in (PY_SUM, PY_FIRST_ONLY)])
            return [s.result.verdict.value for s in states if s.result]

    assert asyncio.run(both()) == ["AC", "WA"]
