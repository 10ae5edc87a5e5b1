"""``/v1/runs`` and ``/v1/testsets`` end to end through a real worker: each
comparison mode, checkers (Python testlib-style, Python CMS-style, a C++
testlib checker built with the IOI package's testlib.h), stop on failure, test
sets reused by id, batches, and bad input refused with a clear 4xx that stores
nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from service_helpers import ApiServer, Workers, make_settings
from shared_data import shared

from judge.settings import MiB, Settings

pytestmark = pytest.mark.slow

CPP_SUM = ("#include <bits/stdc++.h>\nint main(){long long a,b;std::cin>>a>>b;"
           "std::cout<<a+b<<\"\\n\";}\n")
PY_SUM = "a, b = map(int, input().split())\nprint(a + b)\n"
PY_THIRD = "print(int(input()) / 3)\n"
PY_SPACED = "print('a b  ')\nprint()\nprint()\n"
PY_SLEEPY = "while True:\n    pass\n"
PY_CRASH = "raise SystemExit(3)\n"
PY_HOG = "x = bytearray(400 * 1024 * 1024)\nprint(len(x))\n"

# testlib's protocol: `checker input output answer`, exit 0 accepts, 1 rejects.
PY_TESTLIB_CHECKER = """import sys
inp, out, ans = (open(p).read().split() for p in sys.argv[1:4])
if out and int(out[0]) == sum(map(int, inp)):
    sys.exit(0)
print("wrong sum", file=sys.stderr)
sys.exit(1)
"""
# CMS's protocol: `checker input answer output`, a score on stdout, a message on stderr.
PY_CMS_CHECKER = """import sys
inp, ans, out = (open(p).read().split() for p in sys.argv[1:4])
print(1 if out == ans else 0)
print("translate:success" if out == ans else "translate:wrong", file=sys.stderr)
"""
CPP_TESTLIB_CHECKER = """#include "testlib.h"
int main(int argc, char* argv[]) {
    registerChecker("sum", argc, argv);
    long long want = ans.readLong(), got = ouf.readLong();
    if (want == got) quitf(_ok, "right sum");
    quitf(_wa, "expected %lld, found %lld", want, got);
}
"""

SUM_TESTS = [{"input": "1 2\n", "output": "3\n"}, {"input": "40 2\n", "output": "42\n"}]


@pytest.fixture
def settings(redis_url: str, tmp_path: Path) -> Settings:
    """Small limits, so that the oversized cases are small requests; compile limits
    that a checker including testlib.h (150 KB) meets on a loaded machine."""
    return make_settings(redis_url, tmp_path / "data", max_run_tests=20,
                         max_testset_bytes=MiB, max_source_bytes=64 * 1024,
                         compile_wall_seconds=120, compile_cpu_seconds=60)


def run(client: httpx.Client, source: str, language: str = "python3", wait: float = 90,
        **fields: Any) -> dict[str, Any]:
    body = {"language": language, "source": source, "tests": SUM_TESTS, **fields}
    answer = client.post("/v1/runs", json=body, params={"wait": wait})
    assert answer.status_code == 200, answer.text
    state: dict[str, Any] = answer.json()
    assert state["status"] == "done", state
    return state["result"]  # type: ignore[no-any-return]


def statuses(result: dict[str, Any]) -> list[str]:
    return [t["status"] for t in result["tests"]]


def test_compare_modes(api: ApiServer, workers: Workers) -> None:
    workers.start(1)
    with api.client() as client:
        result = run(client, CPP_SUM, "cpp17")
        assert result["verdict"] == "AC" and (result["passed"], result["total"]) == (2, 2)
        assert result["compile"]["status"] == "OK" and result["tests"][0]["wall_time"] > 0
        third = [{"input": "1\n", "output": "0.333333\n"}]
        assert run(client, PY_THIRD, tests=third, compare="float:1e-5")["verdict"] == "AC"
        assert run(client, PY_THIRD, tests=third, compare="float:1e-9")["verdict"] == "WA"
        assert run(client, PY_THIRD, tests=third)["verdict"] == "WA"  # tokens
        spaced = [{"input": "", "output": "a b\n"}]
        assert run(client, PY_SPACED, tests=spaced, compare="lines")["verdict"] == "AC"
        assert run(client, PY_SPACED, tests=spaced, compare="tokens")["verdict"] == "AC"
        assert run(client, PY_SPACED, tests=spaced, compare="exact")["verdict"] == "WA"
        split = [{"input": "", "output": "a\nb\n"}]
        assert run(client, PY_SPACED, tests=split, compare="tokens")["verdict"] == "AC"
        assert run(client, PY_SPACED, tests=split, compare="lines")["verdict"] == "WA"
        exact = [{"input": "", "output": "a b  \n\n\n"}]
        assert run(client, PY_SPACED, tests=exact, compare="exact")["verdict"] == "AC"
        broken = run(client, "int main( {", "cpp17")
        assert broken["verdict"] == "CE" and broken["compile"]["status"] == "CE"


def test_failures_and_stop_on_failure(api: ApiServer, workers: Workers) -> None:
    workers.start(1)
    with api.client() as client:
        tle = run(client, PY_SLEEPY, time_limit=0.5)
        # TLE by CPU time, or (on a saturated host, where the loop gets little CPU)
        # by the wall limit: 0.5 s x wall_time_factor 3 + slack 1 s.
        spent = tle["tests"][0]
        assert tle["verdict"] == "TLE"
        assert spent["cpu_time"] >= 0.4 or spent["wall_time"] >= 2.4, spent
        crash = run(client, PY_CRASH)
        assert crash["verdict"] == "RE" and "code 3" in crash["tests"][0]["message"]
        assert run(client, PY_HOG, memory_limit=64)["verdict"] == "MLE"
        tests = [{"input": "1 1\n", "output": "3\n"}] + SUM_TESTS * 4
        every = run(client, PY_SUM, tests=tests)
        assert statuses(every) == ["WA"] + ["AC"] * 8 and every["passed"] == 8
        stopped = run(client, PY_SUM, tests=tests, stop_on_failure=True)
        assert stopped["verdict"] == "WA" and stopped["passed"] < 8
        assert statuses(stopped)[0] == "WA" and statuses(stopped)[-1] == "SKIPPED"


def test_checkers(api: ApiServer, workers: Workers) -> None:
    workers.start(1)
    wrong = "print(0)\n"
    with api.client() as client:
        # the answer in the tests is deliberately wrong: only the checker decides
        tests = [{"input": "1 2\n", "output": "not used"}]
        checker = {"source": PY_TESTLIB_CHECKER, "language": "python3"}
        assert run(client, PY_SUM, tests=tests, checker=checker)["verdict"] == "AC"
        rejected = run(client, wrong, tests=tests, checker=checker)
        assert rejected["verdict"] == "WA" and "wrong sum" in rejected["tests"][0]["message"]
        cms = {"source": PY_CMS_CHECKER, "language": "python3", "protocol": "cms"}
        ok = run(client, PY_SUM, checker=cms)
        assert ok["verdict"] == "AC" and ok["tests"][0]["message"] == "Output is correct"
        assert run(client, wrong, checker=cms)["verdict"] == "WA"
        broken = run(client, PY_SUM, checker={"source": "int main( {", "language": "cpp17"})
        assert broken["verdict"] == "SE" and "checker does not compile" in (
            broken["compile"]["message"])
        failing = {"source": "raise SystemExit(3)\n", "language": "python3"}
        assert run(client, PY_SUM, checker=failing)["verdict"] == "SE"


def test_cpp_testlib_checker(api: ApiServer, workers: Workers) -> None:
    """A C++ checker on the CMS testlib.h of an IOI 2024 package (CMS protocol)."""
    with zipfile.ZipFile(shared("ioi2024", "aplusb-CMS.zip")) as archive:
        testlib = archive.read("aplusb/checker/testlib.h").decode()
    workers.start(1)
    checker = {"source": CPP_TESTLIB_CHECKER, "protocol": "cms",
               "files": {"testlib.h": testlib}}
    with api.client() as client:
        first = run(client, CPP_SUM, "cpp17", checker=checker)
        assert first["verdict"] == "AC", first
        wrong = run(client, "print(7)\n", checker=checker)
        assert wrong["verdict"] == "WA" and wrong["tests"][0]["message"] == "Output isn't correct"


def test_testsets_and_batch(api: ApiServer, workers: Workers) -> None:
    with api.client() as client:
        first = client.post("/v1/testsets", json={"tests": SUM_TESTS})
        again = client.post("/v1/testsets", json={"tests": SUM_TESTS})
        assert first.status_code == again.status_code == 200, first.text
        info = first.json()
        assert again.json() == info and info["tests"] == 2 and len(info["id"]) == 64
        assert client.get(f"/v1/testsets/{info['id']}").json() == info
        other = client.post("/v1/testsets", json={"tests": SUM_TESTS[:1]}).json()
        assert other["id"] != info["id"]
        workers.start(1)
        by_id = {"language": "python3", "source": PY_SUM, "testset": info["id"]}
        done = client.post("/v1/runs", json=by_id, params={"wait": 90}).json()
        assert done["result"]["verdict"] == "AC" and done["result"]["passed"] == 2
        batch = client.post("/v1/runs/batch", json={"runs": [
            by_id, {**by_id, "source": "print(3)\n"}, {**by_id, "testset": other["id"]}]})
        assert batch.status_code == 202, batch.text
        ids = batch.json()["ids"]
        verdicts = [client.get(f"/v1/runs/{i}", params={"wait": 90}).json()["result"]["verdict"]
                    for i in ids]
        assert verdicts == ["AC", "WA", "AC"]
        assert client.get("/v1/runs/run-unknown").status_code == 404
        assert client.get(f"/v1/testsets/{'0' * 64}").status_code == 404


def _refused(client: httpx.Client, status: int, words: str, path: str = "/v1/runs",
             **body: Any) -> None:
    base = {"language": "python3", "source": PY_SUM, "tests": SUM_TESTS}
    answer = client.post(path, json={**base, **body})
    assert answer.status_code == status, answer.text
    assert words in answer.json()["message"], answer.json()


def test_bad_input(api: ApiServer, settings: Settings) -> None:
    with api.client() as client:
        _refused(client, 422, "unknown language", language="brainfuck")
        _refused(client, 422, "unknown language",
                 checker={"source": "x", "language": "cobol"})
        _refused(client, 422, "tests is empty", tests=[])
        _refused(client, 422, "not both or neither", testset="a" * 64)
        _refused(client, 422, "not both or neither", tests=None)
        _refused(client, 422, "float:<eps>", compare="regex")
        _refused(client, 422, "float:<eps>", compare="float:abc")
        _refused(client, 422, "time_limit", time_limit=0)
        for path, text in (("/v1/runs", '{"language": "python3", "source": "x", '),
                           ("/v1/testsets", "{")):  # JSON text: "\ud800" escaped
            raw = text + '"tests": [{"input": "\\ud800", "output": ""}]}'
            answer = client.post(path, content=raw, headers={"content-type": "application/json"})
            assert answer.status_code == 422 and "surrogate" in answer.json()["message"]
        _refused(client, 404, "unknown (or expired) test set", tests=None, testset="b" * 64)
        _refused(client, 413, "21 tests; the limit is 20", tests=SUM_TESTS * 10 + SUM_TESTS[:1])
        big = [{"input": "1" * (600 * 1024), "output": "2" * (600 * 1024)}]
        _refused(client, 413, "the limit is 1048576 bytes", tests=big)
        _refused(client, 413, "the limit is 1048576 bytes", path="/v1/testsets", tests=big)
        _refused(client, 413, "source is", source="#" * (65 * 1024))
        answer = client.post("/v1/runs/batch", json={"runs": [
            {"language": "python3", "source": PY_SUM, "tests": SUM_TESTS},
            {"language": "nope", "source": PY_SUM, "tests": SUM_TESTS}]})
        assert answer.status_code == 422 and "runs[1]: unknown language" in answer.text
    with redis.Redis.from_url(settings.redis_url) as r:
        assert r.keys("judge:run:*") == []  # nothing refused was stored
