"""The admin console in a real browser (headless Chromium through selenium)
against a running service: real redis-server, the API on uvicorn, one worker.

Screenshots of every page go to ``var/test-artifacts/console/`` (the path is
printed at the end); docs/console.md shows them."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from console_browser import ARTIFACTS, Console, chromium, clear_failures, need_browser
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from service_helpers import ADMIN, SHARED, SUBMIT, ApiServer, Workers, free_port, make_settings
from shared_data import shared

from bench.harness import RedisServer, wait_ready
from bench.problems import CPP_INT, CPP_OK, PY_OK
from bench.problems import aplusb as plain_aplusb

pytestmark = pytest.mark.slow
# Right on small sums, loops forever once the sum passes 2^31 (subtask big).
CPP_LOOP = """#include <cstdio>
int main() {
  long long a, b; std::scanf("%lld %lld", &a, &b);
  for (volatile long long i = 0; a + b > 2147483647LL; ++i) {}
  std::printf("%lld\\n", a + b);
}
"""
APLUSB_OK = """#include "aplusb.h"
int sum(int a, int b) { return a + b; }
"""


@pytest.fixture(scope="module")
def service(redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory,
            request: pytest.FixtureRequest) -> Iterator[ApiServer]:
    """One service for the module (a worker takes seconds to start)."""
    need_browser()
    clear_failures()
    if not redis_server.running():
        redis_server.start()
    with redis_server.client() as client:
        client.flushall()
    settings = make_settings(redis_server.url, tmp_path_factory.mktemp("console") / "data")
    with ApiServer(settings) as api, Workers(settings) as workers:
        wait_ready(api.url, 1, watch=workers.start(1))
        yield api
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"console screenshots: {ARTIFACTS}")


@pytest.fixture
def console(service: ApiServer, request: pytest.FixtureRequest) -> Iterator[Console]:
    """A fresh browser (empty session storage); on a failure, a screenshot and
    the page's console log are kept as artifacts."""
    with chromium() as driver:
        page = Console(driver, service.url)
        yield page
        errors = page.console_errors()
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            page.keep_failure(request.node.name, errors)
        assert errors == []


@pytest.fixture(scope="module")
def aplusb() -> Path:
    return shared(SHARED.name, "aplusb-CMS.zip")


def zip_tests(archive: Path) -> list[str]:
    with zipfile.ZipFile(archive) as opened:
        return [Path(n).name for n in opened.namelist() if n.endswith(".in")]


def logged_in(console: Console) -> Console:
    console.log_in(ADMIN)
    console.element("#problem-list")
    return console


def test_a_wrong_token_is_refused_with_the_services_message(console: Console) -> None:
    console.open()
    console.element("#token")
    console.screenshot("login")
    console.log_in("not-a-token")
    assert console.text("#login-error") == "unknown token"
    console.log_in(SUBMIT)
    assert console.text("#login-error") == "this needs an admin token"
    assert console.driver.execute_script("return sessionStorage.length") == 0
    console.screenshot("login-refused")


def test_the_token_lives_in_the_tab_session_only(console: Console) -> None:
    logged_in(console)
    stored = console.driver.execute_script(
        "return [Object.values(sessionStorage), localStorage.length, document.cookie]")
    assert stored == [[ADMIN], 0, ""]
    console.element("#logout").click()
    console.element("#login")
    assert console.driver.execute_script("return sessionStorage.length") == 0


def test_an_unreachable_queue_is_shown_not_a_blank_page(console: Console, tmp_path: Path) -> None:
    """A server error (Redis down: 503) reads as the service's message."""
    dead = make_settings(f"redis://127.0.0.1:{free_port()}/0", tmp_path / "data")
    with ApiServer(dead) as api:
        Console(console.driver, api.url).log_in(ADMIN)
        assert "the queue (Redis) is unavailable" in console.text("#login-error")


def test_an_unknown_page_object_reads_as_the_services_message(console: Console) -> None:
    logged_in(console).open("#/problems/no-such-problem")
    assert console.text("#error") == "unknown problem 'no-such-problem'"
    assert console.text("#view") == "This page could not be shown."
    console.open("#/submissions/0123")
    assert console.text("#error", "0123").startswith("unknown (or expired) submission")


def test_redis_lost_while_a_page_polls_shows_then_clears(console: Console,
                                                          tmp_path: Path) -> None:
    """The Service page polls on while Redis is down (the 503 message in the
    error bar) and clears it once Redis is back."""
    with RedisServer(tmp_path / "redis") as own, \
            ApiServer(make_settings(own.url, tmp_path / "data")) as api:
        page = Console(console.driver, api.url)
        page.log_in(ADMIN)
        page.element("#problem-list")
        page.open("#/service")
        assert page.text("#workers-alive") == "0"
        own.kill()
        assert "the queue (Redis) is unavailable" in page.text("#error")
        own.start()
        page.until(lambda d: not d.find_element(By.CSS_SELECTOR, "#error").is_displayed())
        assert page.text("#workers-alive") == "0"


def test_uploads_show_the_importers_error(console: Console, tmp_path: Path) -> None:
    logged_in(console)
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("this is not an archive")
    broken = tmp_path / "broken.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("broken/problem.json", "{not json")
    broken.write_bytes(buffer.getvalue())
    console.drop(not_zip, broken)
    for name in ("notes.zip", "broken.zip"):
        message = console.text(f'li.upload.failed[data-file="{name}"] .upload-error')
        assert message.startswith("cannot import the archive: "), message
    console.screenshot("upload-errors")
    assert console.driver.find_elements(By.CSS_SELECTOR, "#problems tr[data-problem]") == []


def test_an_upload_over_the_limit_reads_as_the_limit(console: Console, tmp_path: Path,
                                                      redis_server: RedisServer) -> None:
    """The API refuses a body over its limit before reading it (413): the
    browser still shows that answer, not a broken connection."""
    small = make_settings(redis_server.url, tmp_path / "data", max_upload_bytes=1)
    big = tmp_path / "big.zip"
    big.write_bytes(b"\0" * (3 << 20))
    with ApiServer(small) as api:
        page = Console(console.driver, api.url)
        logged_in(page).drop(big)
        message = page.text('li.upload.failed[data-file="big.zip"] .upload-error')
    assert re.fullmatch(r"request body of \d+ bytes is larger than the limit of "
                        rf"{small.max_upload_bytes + (1 << 20)} bytes", message), message


def test_upload_verify_and_see_a_table_without_mismatches(console: Console, aplusb: Path) -> None:
    logged_in(console)
    console.drop(aplusb)
    done = console.text('li.upload.ok[data-file="aplusb-CMS.zip"] .outcome', "aplusb")
    assert "Batch, 4 subtasks, 17 tests" in done
    bar = console.element('li.upload.ok[data-file="aplusb-CMS.zip"] progress')
    assert bar.get_attribute("value") == "1"
    row = console.text('#problems tr[data-problem="aplusb"]')
    assert "Batch" in row and "never" in row
    console.screenshot("upload")
    console.element('#problems a[href="#/problems/aplusb"]').click()
    console.text("#verify-status", "Never verified")
    console.element("#verify-button").click()
    status = console.until(lambda _: finished_run(console), timeout=240)
    assert status == "done"
    assert "4 of 4 solutions judged" in console.text("#verify-status")
    assert "no mismatch" in console.text("#verify-status")
    assert console.driver.find_elements(By.CSS_SELECTOR, "#verify-table .mismatch") == []
    cells = console.driver.find_elements(By.CSS_SELECTOR, "#verify-table td.cell")
    assert len(cells) == 4 * 4
    console.element('#verify-table tr[data-solution$="solution-b-zero.cpp"] '
                    'td.cell[data-subtask="smallAB"] .v-WA').click()
    assert console.text("#cell-detail h3").endswith("subtask smallAB")
    assert console.text("#deciding-test") in {t.split(".")[0] for t in zip_tests(aplusb)}
    assert console.text("#deciding-message") != "—"
    console.screenshot("problem")
    console.open("#/problems")
    assert "no mismatch" in console.text('#problems tr[data-problem="aplusb"] .last-verify')
    console.screenshot("problems")


def with_solutions(archive: bytes, solutions: dict[str, str]) -> bytes:
    """``archive`` with ``solutions/<category>/<file>`` added."""
    buffer = io.BytesIO(archive)
    with zipfile.ZipFile(buffer, "a") as opened:
        for name, source in solutions.items():
            opened.writestr(f"solutions/{name}", source)
    return buffer.getvalue()


def test_broken_promises_are_highlighted(console: Console, service: ApiServer) -> None:
    """Two "correct" solutions failing subtask big: one loops (TLE, a judge
    mismatch: red), one overflows (WA on a test the model solution passes: the
    package's checker refutes the promise, a package error). Each cell opens the
    test that decided it."""
    archive = with_solutions(plain_aplusb("apbx", time_limit=0.5).archive(), {
        "model_solution/ok.cpp": CPP_OK, "correct/int.cpp": CPP_INT, "correct/loop.cpp": CPP_LOOP})
    with service.client(ADMIN) as client:
        assert client.post("/v1/problems", files={"file": ("apbx.zip", archive)}).is_success
    logged_in(console).open("#/problems/apbx")
    console.element("#verify-button").click()
    assert console.until(lambda _: finished_run(console), timeout=180) == "done"
    status = console.text("#verify-status")
    assert "1 mismatch" in status and "1 package error" in status, status
    assert cells_of(console, "mismatch") == [("solutions/correct/loop.cpp", "big")]
    assert cells_of(console, "package-error") == [("solutions/correct/int.cpp", "big")]
    console.element('tr[data-solution$="int.cpp"] td.package-error').click()
    assert console.text("#deciding-test") == "t2"
    assert console.text("#cell-detail li.package-error").startswith(
        "package error: expected full score at test t2, saw WA")
    console.element('tr[data-solution$="loop.cpp"] td.mismatch').click()
    assert console.text("#deciding-test") == "t2"
    assert console.text("#cell-detail li.score").startswith(
        "score: expected full score at test t2, saw TLE")
    console.screenshot("problem-mismatch")
    console.open("#/problems")
    last = console.text('#problems tr[data-problem="apbx"] .last-verify')
    assert "1 mismatch" in last and "1 package error" in last, last


def cells_of(console: Console, kind: str) -> list[tuple[str, str]]:
    """(solution, subtask) of the verify table's cells marked ``kind``."""
    cells = console.driver.find_elements(By.CSS_SELECTOR, f"#verify-table td.{kind}")
    return [(str(c.find_element(By.XPATH, "..").get_attribute("data-solution")),
             str(c.get_attribute("data-subtask"))) for c in cells]


def finished_run(console: Console) -> str | None:
    status = console.element("#verify-status").get_attribute("data-status")
    return status if status in ("done", "failed") else None


def test_a_submission_appears_and_opens(console: Console, service: ApiServer,
                                        aplusb: Path) -> None:
    with service.client(ADMIN) as client:
        client.post("/v1/problems", files={"file": (aplusb.name, aplusb.read_bytes())})
        logged_in(console).open("#/submissions?problem=aplusb")
        console.element("#submission-list")
        sent = client.post("/v1/submissions", json={
            "problem_id": "aplusb", "language": "cpp17", "source": APLUSB_OK})
        assert sent.status_code == 202, sent.text
        submission_id = sent.json()["id"]
    row = f'#submissions tr[data-submission="{submission_id}"]'
    console.element(row)
    console.element(f'{row}[data-status="done"]', timeout=120)
    assert "100 / 100" in console.text(row)
    console.screenshot("submissions")
    Select(console.element("#filter-status")).select_by_value("error")
    console.text("#no-submissions", "No submissions match")
    assert "status=error" in console.driver.current_url
    console.open("#/submissions?problem=aplusb&language=cpp17")
    console.element(f'{row} a').click()
    assert console.text("#submission-status") == "done"
    assert "int sum(int a, int b)" in console.text("#source")
    tests = console.driver.find_elements(By.CSS_SELECTOR, "#test-results tr[data-test]")
    assert len(tests) == 17
    assert all("AC" in t.text for t in tests)
    console.screenshot("submission")


def test_the_service_page_counts_workers_and_judged(console: Console,
                                                    service: ApiServer) -> None:
    with service.client(ADMIN) as client:
        client.post("/v1/problems", files={"file": ("apb.zip", plain_aplusb().archive())})
        judged = client.post("/v1/submissions", params={"wait": 60}, json={
            "problem_id": "apb", "language": "python3", "source": PY_OK})
        assert judged.status_code == 200, judged.text
    logged_in(console).open("#/service")
    assert console.text("#workers-alive") == "1"
    assert int(console.text("#judged-hour")) >= 1
    assert console.text("#isolation") in {"cgroup-v1", "cgroup-v2", "degraded"}
    queues = console.driver.find_elements(By.CSS_SELECTOR, "#queues tr[data-queue]")
    assert {"interactive", "batch"} <= {q.get_attribute("data-queue") for q in queues}
    bars = console.driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")
    assert len(bars) == 60
    assert any(float(bar.get_attribute("height") or 0) > 0 for bar in bars)
    console.screenshot("service")


def test_a_compile_error_shows_the_compilers_message(console: Console, service: ApiServer,
                                                    aplusb: Path) -> None:
    with service.client(ADMIN) as client:
        client.post("/v1/problems", files={"file": (aplusb.name, aplusb.read_bytes())})
        sent = client.post("/v1/submissions", params={"wait": 60}, json={
            "problem_id": "aplusb", "language": "cpp17", "source": "int sum(int a, int b) {"})
        assert sent.status_code == 200, sent.text
    logged_in(console).open(f"#/submissions/{sent.json()['id']}")
    assert console.text("#submission-status") == "done"
    assert "error" in console.text("#compile-message")
    assert "CE" in console.text("#subtask-results")
