"""Auth (401/403), size limits (413) and clear 4xx errors for bad requests.
No worker needed: nothing here is judged."""

from __future__ import annotations

import socket

import httpx
from service_helpers import ADMIN, PY_OK, SUBMIT, ApiServer, Uploader, submit

from judge.settings import Settings


def test_no_or_bad_token_is_401(api: ApiServer) -> None:
    with api.client(token=None) as anonymous, api.client("nope") as wrong:
        for client in (anonymous, wrong):
            response = submit(client)
            assert response.status_code == 401
            assert response.json()["message"]
            assert response.headers["www-authenticate"] == "Bearer"
            assert client.get("/v1/problems").status_code == 401


def test_submit_token_cannot_administer(api: ApiServer, upload: Uploader) -> None:
    response = upload(token=SUBMIT)
    assert response.status_code == 403
    assert "admin" in response.json()["message"]
    with api.client(SUBMIT) as client:
        assert client.delete("/v1/problems/apb").status_code == 403


def test_admin_can_also_submit(api: ApiServer, upload: Uploader) -> None:
    assert upload().status_code == 201
    with api.client(ADMIN) as client:
        response = submit(client)
    assert response.status_code == 202
    assert response.json()["status"] == "queued"


def test_source_over_the_limit_is_413(api: ApiServer, upload: Uploader,
                                      settings: Settings) -> None:
    assert upload().status_code == 201
    big = "#" * (settings.max_source_bytes + 1)
    with api.client() as client:
        response = submit(client, source=big)
    assert response.status_code == 413
    assert str(settings.max_source_bytes) in response.json()["message"]


def test_upload_over_the_limit_is_413_while_streaming(api: ApiServer,
                                                      settings: Settings) -> None:
    too_big = settings.max_upload_bytes + 2 * 1024 * 1024
    chunk = b"\0" * (1 << 20)
    sent = 0

    def body():  # type: ignore[no-untyped-def]
        # Chunked (no Content-Length): the server must cut it off by counting.
        nonlocal sent
        yield b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.zip\"\r\n\r\n"
        while sent < too_big:
            sent += len(chunk)
            yield chunk

    headers = {"Authorization": f"Bearer {ADMIN}",
               "Content-Type": "multipart/form-data; boundary=x"}
    try:
        response = httpx.post(f"{api.url}/v1/problems", content=body(), headers=headers,
                              timeout=60)
    except httpx.HTTPError:
        # The server may close the connection as soon as it has answered.
        assert sent < too_big
        return
    assert response.status_code == 413
    assert "larger than" in response.json()["message"]


def test_declared_oversized_body_is_refused_before_reading(api: ApiServer,
                                                           settings: Settings) -> None:
    # A raw request: it declares a huge body and sends none of it.
    request = (
        f"POST /v1/problems HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {ADMIN}\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {settings.max_upload_bytes * 4}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as conn:
        conn.sendall(request.encode())
        answer = ""
        while "}" not in answer:
            data = conn.recv(65536)
            if not data:
                break
            answer += data.decode()
    status_line, _, rest = answer.partition("\r\n")
    assert " 413 " in status_line
    assert '"message"' in rest


def test_unknown_problem_language_subtask(api: ApiServer, upload: Uploader) -> None:
    assert upload().status_code == 201
    with api.client() as client:
        unknown = submit(client, problem_id="no-such-problem")
        assert unknown.status_code == 404
        assert "no-such-problem" in unknown.json()["message"]
        language = submit(client, language="cobol")
        assert language.status_code == 422
        assert "cobol" in language.json()["message"]
        subtask = submit(client, subtask="huge")
        assert subtask.status_code == 422
        assert "huge" in subtask.json()["message"]


def test_malformed_requests_are_4xx_with_a_message(api: ApiServer) -> None:
    with api.client() as client:
        broken = client.post("/v1/submissions", content=b"{not json",
                             headers={"Content-Type": "application/json"})
        assert broken.status_code == 422
        assert broken.json()["message"].startswith("invalid request")
        missing = client.post("/v1/submissions", json={"problem_id": "apb"})
        assert missing.status_code == 422
        assert "source" in missing.json()["message"]
        priority = submit(client, priority="urgent")
        assert priority.status_code == 422
        assert client.get("/v1/submissions/nope").status_code == 404
        assert client.get("/v1/submissions", params={"ids": "a,b"}).status_code == 404
        assert client.post("/v1/submissions?wait=-1", json={}).status_code == 422
        assert "message" in client.delete("/v1/submissions/nope").json()


def test_batch_is_all_or_nothing(api: ApiServer, upload: Uploader) -> None:
    assert upload().status_code == 201
    good = {"problem_id": "apb", "language": "python3", "source": PY_OK}
    with api.client() as client:
        bad = client.post("/v1/submissions/batch",
                          json={"submissions": [good, {**good, "language": "x"}]})
        assert bad.status_code == 422
        assert bad.json()["message"].startswith("submissions[1]")
        too_many = client.post("/v1/submissions/batch", json={"submissions": [good] * 1001})
        assert too_many.status_code in (413, 422)
        ok = client.post("/v1/submissions/batch", json={"submissions": [good] * 3})
        assert ok.status_code == 202
        ids = ok.json()["ids"]
        assert len(set(ids)) == 3
        states = client.get("/v1/submissions", params={"ids": ",".join(ids)}).json()
        assert [s["id"] for s in states] == ids
        assert {s["status"] for s in states} == {"queued"}
