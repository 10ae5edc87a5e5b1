"""Property-based fuzzing of the HTTP API from its own OpenAPI schema.

schemathesis reads ``/openapi.json`` from the real app (real uvicorn, real
redis-server) and, for every operation, sends schema-valid and schema-violating
requests (bodies, query, path, headers) with a submit token, an admin token, a
wrong token or none. Every answer must be below 500, declared in the schema
(status, content type, body shape: errors are ``{"message", "detail"}``), and a
request that violates the schema must be refused with a 4xx.

``JUDGE_FUZZ_EXAMPLES`` sets the number of examples per operation (CI: 50, the
same ones every run); ``JUDGE_FUZZ_RANDOM=1`` draws new ones each run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, CheckContext, Response
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from service_helpers import ADMIN, SUBMIT, ApiServer, make_settings, problem_zip

from bench.harness import RedisServer
from judge.api import create_app

EXAMPLES = int(os.environ.get("JUDGE_FUZZ_EXAMPLES", "50"))
RANDOM = os.environ.get("JUDGE_FUZZ_RANDOM") == "1"
TOKENS = st.sampled_from([SUBMIT, ADMIN, ADMIN, SUBMIT, "not-a-token", None])

pytestmark = pytest.mark.slow


class Tally:
    """What the fuzzer sent and got, for the summary printed at the end."""

    def __init__(self) -> None:
        self.by_status: dict[int, int] = {}
        self.by_operation: dict[str, int] = {}
        self.unjudged = 0  # Piston executes answered 504: no worker runs here

    def add(self, case: Case, response: Response) -> None:
        self.by_status[response.status_code] = self.by_status.get(response.status_code, 0) + 1
        label = case.operation.label
        if label == "POST /api/v2/execute" and response.status_code == 504:
            self.unjudged += 1
        self.by_operation[label] = self.by_operation.get(label, 0) + 1

    @property
    def requests(self) -> int:
        return sum(self.by_status.values())

    @property
    def server_errors(self) -> int:
        """5xx answers other than ``/readyz``'s documented 503 and the 504 of a
        Piston execute nobody judged (counted apart)."""
        readiness = self.by_operation.get("GET /readyz", 0)
        return (sum(n for code, n in self.by_status.items() if code >= 500) - readiness
                - self.unjudged)


TALLY = Tally()
KNOWN: dict[str, str] = {}  # ids of the seeded objects: problem_id, submission_id


def aim_at_known(case: Case) -> None:
    """Point a generated case at the seeded problem and submission, so that the
    fuzzed bodies and parameters reach the code behind the 404s. The seeded
    problem is never deleted (other cases need it)."""
    if isinstance(case.body, dict):
        if "problem_id" in case.body:
            case.body["problem_id"] = KNOWN["problem_id"]
        for item in case.body.get("submissions") or []:
            if isinstance(item, dict) and "problem_id" in item:
                item["problem_id"] = KNOWN["problem_id"]
    params = case.path_parameters or {}
    if "problem_id" in params and case.method.upper() != "DELETE":
        params["problem_id"] = KNOWN["problem_id"]
    if "submission_id" in params:
        params["submission_id"] = KNOWN["submission_id"]
    if case.query and "ids" in case.query:
        case.query["ids"] = [KNOWN["submission_id"]]


@pytest.fixture(scope="module")
def fuzz_api(redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[ApiServer]:
    """The API over the session redis-server (emptied), with one problem and one
    queued submission, so that some generated ids hit real objects."""
    redis_server.client().flushall()
    data = tmp_path_factory.mktemp("fuzz") / "data"
    server = ApiServer(make_settings(redis_server.url, Path(data), max_wait_seconds=0.3))
    server.start()
    try:
        with server.client(ADMIN) as client:
            upload = client.post("/v1/problems", files={"file": ("apb.zip", problem_zip())})
            assert upload.status_code == 201, upload.text
            sent = client.post("/v1/submissions", json={
                "problem_id": "apb", "language": "python3", "source": "print(3)"})
            assert sent.status_code == 202, sent.text
        KNOWN.update(problem_id="apb", submission_id=sent.json()["id"])
        yield server
    finally:
        server.stop()
        _print_tally()


def _print_tally() -> None:
    codes = ", ".join(f"{code}: {n}" for code, n in sorted(TALLY.by_status.items()))
    print(f"\nfuzz: {TALLY.requests} requests over {len(TALLY.by_operation)} operations, "
          f"{TALLY.server_errors} 5xx; by status {codes}")


def _own_schema() -> dict[str, Any]:
    """The schema the app serves at ``/openapi.json`` (built without a server, so
    that pytest can make one test per operation at collection time; the test
    below checks that the running server serves the same)."""
    app = create_app(make_settings("redis://127.0.0.1:9/0", Path("/nonexistent")))
    return app.openapi()


OWN_SCHEMA = _own_schema()
schema = schemathesis.openapi.from_dict(OWN_SCHEMA)
# The token comes from ``TOKENS`` below (submit, admin, wrong, none), not from
# schemathesis; unknown query parameters are ignored by design (not an error).
schema.config.generation.update(with_security_parameters=False, allow_extra_parameters=False)

def not_a_server_error_but_readiness(ctx: CheckContext, response: Response, case: Case
                                     ) -> bool | None:
    """No 5xx, except the documented 503 of ``/readyz`` and 504 of a Piston
    execute that could be judged (no worker runs here)."""
    if case.operation.path == "/readyz" and response.status_code == 503:
        body = response.json()
        assert body["ok"] is False and body["workers"] == 0 and body["message"], body
        return True
    if case.operation.path == "/api/v2/execute" and response.status_code == 504:
        assert "not judged within" in response.json()["message"]
        return True
    return not_a_server_error(ctx, response, case)


CHECKS = [
    not_a_server_error_but_readiness,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _hypothesis_settings() -> settings:
    return settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


@schema.parametrize()
@schema.given(token=TOKENS, known=st.booleans())
@_hypothesis_settings()
def test_api_fuzz(fuzz_api: ApiServer, case: Case, token: str | None, known: bool) -> None:
    if known:
        aim_at_known(case)
    headers = {"Authorization": f"Bearer {token}"} if token else None
    response = case.call_and_validate(base_url=fuzz_api.url, headers=headers, checks=CHECKS,
                                      timeout=30)
    TALLY.add(case, response)
    if response.status_code >= 400 and case.operation.path != "/readyz":
        body = response.json()
        assert body["message"], f"{response.status_code} without a message: {response.text}"


def test_every_operation_fuzzed(fuzz_api: ApiServer) -> None:
    """Runs after the fuzz test (same module): every route in the schema got requests."""
    served = httpx.get(f"{fuzz_api.url}/openapi.json").json()
    assert served == OWN_SCHEMA
    paths = served["paths"]
    operations = {f"{method.upper()} {path}" for path, ops in paths.items() for method in ops}
    assert operations
    assert operations <= set(TALLY.by_operation), operations - set(TALLY.by_operation)
    assert TALLY.server_errors == 0


def test_declared_errors_use_the_error_model() -> None:
    """Every declared 4xx/5xx of a /v1 route is ``ErrorBody`` (``{message, detail}``),
    not FastAPI's default ``HTTPValidationError``, and auth failures are declared."""
    assert "HTTPValidationError" not in str(OWN_SCHEMA)
    for path, operations in OWN_SCHEMA["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "401" in responses, f"{method} {path}"
            for code, response in responses.items():
                if int(code) >= 400:
                    schema_ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert schema_ref.endswith("/ErrorBody"), f"{method} {path} {code}"


def _surrogate(code: int) -> str:
    return f'"x\\u{code:04x}y"'


def _nested(depth: int, kind: str) -> str:
    return ('{"a":' * depth + "1" + "}" * depth) if kind == "{" else "[" * depth + "]" * depth


# JSON that Python's parser accepts but that is not valid data downstream (lone
# UTF-16 surrogates, NaN/Infinity, huge integers, deep nesting): schemathesis
# draws from the schema and never sends these.
HOSTILE_JSON = st.one_of(
    st.integers(0xD800, 0xDFFF).map(_surrogate),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "-1e999", '"\\u0000"']),
    st.integers(15, 6000).map(lambda digits: "9" * digits),
    st.tuples(st.integers(2, 3000), st.sampled_from("{[")).map(lambda t: _nested(*t)),
)
FIELDS = ["source", "problem_id", "language", "subtask", "metadata value", "metadata key",
          "priority", "early_stop"]


def _body(field: str, value: str) -> str:
    fields = {"problem_id": '"apb"', "language": '"python3"', "source": '"print(3)"'}
    if field == "metadata value":
        fields["metadata"] = '{"k": ' + value + "}"
    elif field == "metadata key":
        fields["metadata"] = "{" + (value if value.startswith('"') else '"k"') + ": 1}"
    else:
        fields[field] = value
    return "{" + ", ".join(f'"{k}": {v}' for k, v in fields.items()) + "}"


@given(field=st.sampled_from(FIELDS), value=HOSTILE_JSON, batch=st.booleans())
@settings(max_examples=max(EXAMPLES * 2, 20), deadline=None, derandomize=not RANDOM,
          database=None, suppress_health_check=list(HealthCheck))
def test_hostile_json_values(fuzz_api: ApiServer, field: str, value: str, batch: bool) -> None:
    """A 4xx with a message, or an accepted submission that reads back."""
    body = _body(field, value)
    path = "/v1/submissions/batch" if batch else "/v1/submissions"
    if batch:
        body = '{"submissions": [' + body + "]}"
    with fuzz_api.client(SUBMIT) as client:
        answer = client.post(path, content=body, headers={"Content-Type": "application/json"})
        TALLY.by_status[answer.status_code] = TALLY.by_status.get(answer.status_code, 0) + 1
        assert answer.status_code < 500, answer.text
        if answer.status_code >= 400:
            assert answer.json()["message"].strip()
            return
        ids = answer.json()["ids"] if batch else [answer.json()["id"]]
        back = client.get("/v1/submissions", params={"ids": ids})
        assert back.status_code == 200, back.text
