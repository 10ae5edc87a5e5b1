"""Open R1's CodeForces requests (``cf_scoring.py``) through /api/v2/execute:
``c++17`` and ``cf_python3``, compared by tokens or judged by the row's
``checker.py``, stdin or named files, compile errors; read as Open R1 reads
them (a test passes when the run's code is 0 and its stdout is ``1``)."""

from __future__ import annotations

from typing import Any

import pytest
from openr1_piston import cf_body, cf_passed
from service_helpers import ApiServer

pytestmark = pytest.mark.slow

# Sum of n numbers; the expected output has extra spaces (tokens compare equal).
SUM = {"time_limit": 1, "memory_limit": 256, "input_mode": "stdio", "generated_checker": None,
       "tests": [("3\n1 2 3\n", "6 \n"), ("1\n-5\n", "-5\n"),
                 ("3\n1000000000 1000000000 1000000000\n", "3000000000\n")]}
SUM_CPP = ("#include <bits/stdc++.h>\nint main(){int n; long long s=0, x; std::cin>>n;"
           "while(n--){std::cin>>x; s+=x;} std::cout<<s<<'\\n';}\n")
SUM_CPP_INT = SUM_CPP.replace("long long s=0, x", "int s=0, x")  # overflows on test 3
SUM_PY = "n = int(input())\nprint(sum(map(int, input().split())))\n"
SUM_PY_OFF = "n = int(input())\nprint(sum(map(int, input().split())) + 1)\n"
SLOW_PY = "while True:\n    pass\n"
SUM_FILE_CPP = ("#include <bits/stdc++.h>\nint main(){std::ifstream in(\"input.txt\");"
                "std::ofstream out(\"output.txt\"); int n; long long s=0, x; in>>n;"
                "while(n--){in>>x; s+=x;} out<<s<<'\\n';}\n")

# Any index of a maximum is right: only the checker can tell (the expected
# output names the first one).
CHECKER = """import sys
inp, expected, out = sys.argv[1:4]
n, *a = map(int, open(inp).read().split())
try:
    i = int(open(out).read().split()[0])
except (ValueError, IndexError):
    i = 0
print(1 if 1 <= i <= n and a[i - 1] == max(a) else 0)
"""
ARGMAX = {"time_limit": 1, "memory_limit": 256, "input_mode": "stdio",
          "generated_checker": CHECKER, "tests": [("4\n1 7 3 7\n", "2\n"), ("1\n5\n", "1\n")]}
LAST_MAX_CPP = ("#include <bits/stdc++.h>\nint main(){int n; std::cin>>n; int b=0, bi=0;"
                "for(int i=1;i<=n;i++){int x; std::cin>>x; if(x>=b||i==1){b=x; bi=i;}}"
                "std::cout<<bi<<'\\n';}\n")
LAST_MAX_PY = ("n = int(input())\na = list(map(int, input().split()))\n"
               "print(max(i for i in range(1, n + 1) if a[i - 1] == max(a)))\n")
FIRST_ONE_PY = "print(1)\n"


def passed(api: ApiServer, problem: dict[str, Any], source: str,
           language: str) -> list[bool | None]:
    with api.client() as client:
        answers = [client.post("/api/v2/execute", json=cf_body(problem, i, o, source, language))
                   for i, o in problem["tests"]]
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    return [cf_passed(a.json()) for a in answers]


@pytest.mark.parametrize(("problem", "source", "language", "expected"), [
    (SUM, SUM_CPP, "cpp", [True, True, True]),
    (SUM, SUM_CPP_INT, "cpp", [True, True, False]),
    (SUM, SUM_PY, "python", [True, True, True]),
    (SUM, SUM_PY_OFF, "python", [False, False, False]),
    ({**SUM, "input_mode": "file"}, SUM_FILE_CPP, "cpp", [True, True, True]),
    (ARGMAX, LAST_MAX_CPP, "cpp", [True, True]),
    (ARGMAX, LAST_MAX_PY, "python", [True, True]),
    (ARGMAX, FIRST_ONE_PY, "python", [False, True]),
    ({**ARGMAX, "generated_checker": None}, LAST_MAX_PY, "python", [False, True]),
    (SUM, "int main( {", "cpp", [None, None, None]),
    (SUM, "def broken(:\n", "python", [None, None, None]),
])
def test_codeforces_requests(judging_api: ApiServer, problem: dict[str, Any], source: str,
                             language: str, expected: list[bool | None]) -> None:
    assert passed(judging_api, problem, source, language) == expected


def test_time_limit_exceeded_is_said(judging_api: ApiServer) -> None:
    with judging_api.client() as client:
        answer = client.post("/api/v2/execute", json=cf_body(SUM, *SUM["tests"][0], SLOW_PY,
                                                             "python")).json()
    assert cf_passed(answer) is False
    assert answer["run"]["stdout"] == "0\n" and "Time limit exceeded" in answer["run"]["stderr"]
    # CPU time over the limit, or (on a loaded host) the wall-time limit hit first
    assert answer["run"]["status"] == "TO" and answer["run"]["wall_time"] >= 1000


def test_the_same_source_compiles_once(judging_api: ApiServer) -> None:
    source = SUM_CPP.replace("int main()", "int unique_to_this_test;\nint main()")
    with judging_api.client() as client:
        answers = [client.post("/api/v2/execute", json=cf_body(SUM, i, o, source, "cpp")).json()
                   for i, o in SUM["tests"]]
    assert [cf_passed(a) for a in answers] == [True, True, True]
    assert answers[0]["compile"]["wall_time"] > 0  # compiled here
    assert [a["compile"]["wall_time"] for a in answers[1:]] == [0.0, 0.0]  # cache hits
