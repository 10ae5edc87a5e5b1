"""``GET /v1/languages`` names what a submission's ``language`` may say, with
the compile line and the compiler version; ``/healthz`` claims nothing it did
not look at."""

from __future__ import annotations

from service_helpers import ApiServer


def test_languages_list_names_compile_lines_and_versions(api: ApiServer) -> None:
    with api.client() as client:
        answer = client.get("/v1/languages")
        assert client.get("/v1/languages", headers={"Authorization": "Bearer nope"}
                          ).status_code == 401
    assert answer.status_code == 200
    by_name = {lang["name"]: lang for lang in answer.json()}
    assert set(by_name) == {"cpp17", "cpp20", "python3"}
    cpp17 = by_name["cpp17"]
    assert cpp17["family"] == "cpp" and "c++17" in cpp17["aliases"]
    assert "-std=gnu++17" in cpp17["compile"] and cpp17["compile"][-1] == "sol.cpp"
    assert cpp17["version"].startswith("g++")
    assert by_name["python3"]["version"].startswith("Python 3")


def test_healthz_answers_only_what_it_knows(api: ApiServer) -> None:
    with api.client(None) as client:
        assert client.get("/healthz").json() == {"ok": True, "message": ""}
