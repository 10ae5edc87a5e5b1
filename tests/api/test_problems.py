"""Problem upload (admin), idempotent re-upload, listing, deletion, bad archives,
and the three official IOI 2024 packages."""

from __future__ import annotations

import io
import zipfile

import pytest
import redis
from service_helpers import ApiServer, Uploader, problem_zip
from shared_data import shared

from judge.service.problem_cache import PROBLEMS_KEY, tar_key
from judge.settings import Settings


def test_upload_reupload_and_new_version(api: ApiServer, upload: Uploader) -> None:
    first = upload()
    assert first.status_code == 201, first.text
    info = first.json()
    assert info["id"] == "apb" and info["created"] is True and info["tests"] == 2
    assert [s["name"] for s in info["subtasks"]] == ["small", "big"]
    assert info["languages"] == ["cpp17", "cpp20", "python3"]  # no grader: any language
    again = upload()
    assert again.status_code == 200
    assert again.json()["version"] == info["version"] and again.json()["created"] is False
    changed = upload(problem_zip(extra="\n"))
    assert changed.status_code == 201
    assert changed.json()["version"] != info["version"]
    with api.client() as client:
        listed = client.get("/v1/problems").json()
        assert [(p["id"], p["version"]) for p in listed] == [("apb", changed.json()["version"])]
        assert client.get("/v1/problems/apb").json()["version"] == changed.json()["version"]
        assert client.get("/v1/problems/nope").status_code == 404


def test_problem_id_override(upload: Uploader) -> None:
    response = upload(problem_id="other")
    assert response.status_code == 201
    assert response.json()["id"] == "other"
    bad = upload(problem_id="../evil")
    assert bad.status_code == 422
    assert bad.json()["message"]


def test_delete(api: ApiServer, upload: Uploader, settings: Settings) -> None:
    version = upload().json()["version"]
    with api.client("test-admin-token") as admin:
        assert admin.delete("/v1/problems/apb").status_code == 204
        assert admin.get("/v1/problems/apb").status_code == 404
        assert admin.delete("/v1/problems/apb").status_code == 404
    connection = redis.Redis.from_url(settings.redis_url)
    assert connection.hget(PROBLEMS_KEY, "apb") is None
    # Kept for a while, so that submissions already queued against it finish.
    assert 0 < connection.ttl(tar_key("apb", version)) <= 24 * 3600


@pytest.mark.parametrize("content, filename", [
    (b"this is not a zip", "junk.zip"),
    (b"", "empty.zip"),
    (b"PK\x03\x04truncated", "cut.zip"),
])
def test_bad_archives_are_422_with_a_message(upload: Uploader, content: bytes,
                                             filename: str) -> None:
    response = upload(content, filename)
    assert response.status_code == 422
    assert response.json()["message"].startswith("cannot import the archive")


def _zip_of(name: str, content: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, content)
    return buf.getvalue()


def test_archive_without_a_manifest(upload: Uploader) -> None:
    response = upload(_zip_of("readme.txt", "no problem here"), "readme.zip")
    assert response.status_code == 422
    assert "problem.json" in response.json()["message"]


def test_zip_slip_is_refused(upload: Uploader) -> None:
    response = upload(_zip_of("../../escape.txt", "x"), "slip.zip")
    assert response.status_code == 422
    assert response.json()["message"]


@pytest.mark.slow
@pytest.mark.parametrize("name, task_type", [
    ("aplusb", "Batch"), ("machine", "Communication"), ("message", "Communication"),
])
def test_ioi2024_packages(upload: Uploader, name: str, task_type: str) -> None:
    data = shared("ioi2024", f"{name}-CMS.zip").read_bytes()
    first = upload(data, f"{name}-CMS.zip")
    assert first.status_code == 201, first.text
    assert first.json()["id"] == name and first.json()["task_type"] == task_type
    assert first.json()["languages"] == ["cpp17", "cpp20"]  # C++ graders only
    again = upload(data, f"{name}-CMS.zip")
    assert again.status_code == 200
    assert again.json()["version"] == first.json()["version"]
