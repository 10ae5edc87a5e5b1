"""/api/v2 without judging: runtimes, auth (Bearer, Basic credentials in the
URL, the open setting) and bad requests refused with a 400 and Piston's
``message`` before anything is queued."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from service_helpers import SUBMIT, ApiServer, make_settings

from judge.settings import Settings

BATCH_FILES = [
    {"name": "graders/apb.cpp", "content": "int f() { return 0; }"},
    {"name": "graders/apb.h", "content": "int f();"},
    {"name": "input.txt", "content": "1 2\n"},
    {"name": "correct_output.txt", "content": "3\n"},
]


def body(files: list[dict[str, Any]] | None = None, **fields: Any) -> dict[str, Any]:
    return {"language": "cms_ioi", "version": "*", "files": BATCH_FILES if files is None
            else files, "run_timeout": 4000, **fields}


def test_runtimes_lists_the_open_r1_runtimes(api: ApiServer) -> None:
    with api.client() as client:
        runtimes = client.get("/api/v2/runtimes").json()
    assert {r["language"] for r in runtimes} == {"cms_ioi", "c++17", "cf_python3"}
    assert all(r["version"] and isinstance(r["aliases"], list) for r in runtimes)


def test_token_as_basic_credentials_in_the_url(api: ApiServer) -> None:
    host = api.url.removeprefix("http://")
    with httpx.Client(base_url=f"http://open-r1:{SUBMIT}@{host}") as client:
        assert client.get("/api/v2/runtimes").status_code == 200
    with httpx.Client(base_url=f"http://{SUBMIT}@{host}") as client:
        assert client.get("/api/v2/runtimes").status_code == 200
    with httpx.Client(base_url=f"http://open-r1:wrong@{host}") as client:
        refused = client.get("/api/v2/runtimes")
    assert refused.status_code == 401 and refused.json()["message"] == "unknown token"
    with api.client(None) as client:
        missing = client.post("/api/v2/execute", json=body())
    assert missing.status_code == 401 and "http://user:TOKEN@host" in missing.json()["message"]


def test_open_setting_serves_without_a_token(redis_url: str, tmp_path: Any) -> None:
    settings: Settings = make_settings(redis_url, tmp_path / "data", piston_open=True)
    with ApiServer(settings) as server, server.client(None) as client:
        assert client.get("/api/v2/runtimes").status_code == 200
        assert client.get("/v1/problems").status_code == 401  # only /api/v2 is open


@pytest.mark.parametrize(("request_body", "words"), [
    (body(language="brainfuck"), "runtime is unknown: 'brainfuck'"),
    (body(version="2.0.0"), "not '2.0.0'"),
    (body(files=BATCH_FILES[:2] + BATCH_FILES[3:]), "missing input.txt"),
    (body(files=BATCH_FILES[1:]), "missing graders/apb.cpp"),
    (body(files=BATCH_FILES[:3]), "needs correct_output.txt"),
    (body(files=[*BATCH_FILES, {"name": "../../etc/x", "content": ""}]), "bad file name"),
    (body(files=[*BATCH_FILES, {"name": "x", "content": "%%", "encoding": "base64"}]),
     "not valid base64"),
    (body(files=[*BATCH_FILES, {"name": "input.txt", "content": ""}]), "sent twice"),
    (body(files=[*BATCH_FILES, {"name": "graders", "content": ""}]), "used as a folder"),
    (body(files=[*BATCH_FILES, {"name": "graders/grader_config.json",
                                "content": '{"task_type": "TwoSteps"}'}]),
     "unsupported task type"),
    (body(files=[*BATCH_FILES, {"name": "graders/grader_config.json", "content": "[1"}]),
     "not a JSON object"),
    (body(run_timeout=None), "no time limit"),
    ({"language": "c++17", "files": [{"name": "input.txt", "content": ""}]},
     "send one of main.cpp or main.cc"),
    ({"language": "cf_python3", "files": [
        {"name": "main.py", "content": ""}, {"name": "input.txt", "content": ""},
        {"name": "correct_output.txt", "content": ""},
        {"name": "grader_config", "content": "TIME_LIMIT=1\nINPUT_MODE=socket"}]},
     "unsupported INPUT_MODE"),
])
def test_bad_requests_are_400_with_a_message(api: ApiServer, request_body: dict[str, Any],
                                             words: str) -> None:
    with api.client() as client:
        answer = client.post("/api/v2/execute", json=request_body)
    assert answer.status_code == 400, answer.text
    assert words in answer.json()["message"]


def test_malformed_body_is_422_with_a_message(api: ApiServer) -> None:
    with api.client() as client:
        answer = client.post("/api/v2/execute", json={"language": "cms_ioi", "files": []})
    assert answer.status_code == 422 and "files" in answer.json()["message"]


def test_size_limits(redis_url: str, tmp_path: Any) -> None:
    settings = make_settings(redis_url, tmp_path / "data", piston_max_files_bytes=1000)
    big = {"name": "input.txt", "content": "1" * 2000}
    huge = {"name": "input.txt", "content": "1" * (3 << 20)}
    with ApiServer(settings) as server, server.client() as client:
        over = client.post("/api/v2/execute", json=body([*BATCH_FILES[:2], big, BATCH_FILES[3]]))
        assert over.status_code == 400 and "exceed 1000 bytes" in over.json()["message"]
        too_big = client.post("/api/v2/execute",
                              json=body([*BATCH_FILES[:2], huge, BATCH_FILES[3]]))
        assert too_big.status_code == 413
