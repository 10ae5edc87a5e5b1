"""A published version is warmed by the workers (checker, manager, grader
objects compiled before its first submission), and a package whose checker
does not compile is reported without harming the worker."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from service_helpers import ApiServer, Workers, make_settings
from shared_data import shared

from bench.first import wait_warm
from judge.settings import Settings

pytestmark = pytest.mark.slow



@pytest.fixture
def settings(redis_url: str, tmp_path: Path) -> Settings:
    return make_settings(redis_url, tmp_path / "data")


def _broken_checker(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename.endswith("checker/checker.cpp"):
                body = b"int main() { this is not C++ }\n"
            dst.writestr(item, body)
    return out.getvalue()


def test_published_versions_are_warmed_and_a_broken_one_reported(
    settings: Settings, redis_url: str
) -> None:
    aplusb = shared("ioi2024", "aplusb-CMS.zip")
    api, pool = ApiServer(settings), Workers(settings)
    api.start()
    pool.start(1)
    try:
        with api.client("test-admin-token") as admin:
            files = {"file": ("aplusb.zip", aplusb.read_bytes())}
            good = admin.post("/v1/problems", files=files).json()
            files = {"file": ("aplusb.zip", _broken_checker(aplusb.read_bytes()))}
            bad = admin.post("/v1/problems", files=files, data={"problem_id": "broken"}).json()
        warm = wait_warm(redis_url, good["id"], good["version"], timeout=180)
        assert not warm.errors and {"checker", "cpp17 grader.cpp"} <= set(warm.ready)
        broken = wait_warm(redis_url, "broken", bad["version"], timeout=180)
        assert broken.errors and broken.errors[0].startswith("checker: ")
        assert "checker" not in broken.ready
        trusted = settings.data_dir / "cache" / "trusted"
        assert len([p for p in trusted.iterdir() if p.is_dir()]) == 2
        model = zipfile.ZipFile(aplusb).read("aplusb/solutions/model_solution/solution.cpp")
        with api.client() as client:
            body = {"problem_id": good["id"], "language": "cpp17", "source": model.decode()}
            state = client.post("/v1/submissions", json=body, params={"wait": 120}).json()
            assert state["status"] == "done" and state["result"]["score"] == 100, state
            body["problem_id"] = "broken"
            state = client.post("/v1/submissions", json=body, params={"wait": 120}).json()
            assert state["result"]["compile"]["status"] == "SE", state
        assert all(proc.poll() is None for proc in pool.procs)
    finally:
        pool.stop_all()
        api.stop()
