"""One source of truth for problems: with a service (here: JUDGE_REDIS_URL set,
a real redis-server), the command line sees what was uploaded to the service,
publishes what it imports, and says which store it read; without one, it says
its store is local."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
from typer.testing import CliRunner

from judge.cli.problems import problems_app
from judge.importers import import_problem
from judge.problems.store import ProblemStore
from judge.service.problem_cache import PROBLEMS_KEY, SharedProblems
from judge.settings import ArchiveLimits

SAMPLES = Path(__file__).resolve().parents[2] / "problems"


def _run(*args: str):
    return CliRunner().invoke(problems_app, list(args))


def test_the_cli_follows_the_service(tmp_path: Path, redis_url: str,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    connection = redis.Redis.from_url(redis_url)
    api_store = ProblemStore(tmp_path / "api" / "problems")
    uploaded = import_problem(SAMPLES / "sum", api_store, ArchiveLimits())
    SharedProblems(connection, api_store).publish(uploaded)  # as POST /v1/problems does
    monkeypatch.setenv("JUDGE_DATA_DIR", str(tmp_path / "cli"))
    monkeypatch.setenv("JUDGE_REDIS_URL", redis_url)

    listed = _run("list")
    assert listed.exit_code == 0, listed.output
    assert "sum" in listed.stdout
    assert f"in step with the service's Redis {redis_url}" in listed.stderr
    shown = _run("show", "sum")
    assert shown.exit_code == 0 and uploaded.problem.version in shown.stdout

    imported = _run("import", str(SAMPLES / "divisor"))
    assert imported.exit_code == 0, imported.output
    assert "published divisor to the service" in imported.stderr
    assert connection.hget(PROBLEMS_KEY, "divisor") is not None

    assert _run("delete", "sum").exit_code == 0
    assert connection.hget(PROBLEMS_KEY, "sum") is None
    assert "sum" not in _run("list").stdout


def test_without_a_service_the_store_is_local(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUDGE_DATA_DIR", str(tmp_path / "cli"))
    monkeypatch.delenv("JUDGE_REDIS_URL", raising=False)
    assert _run("import", str(SAMPLES / "sum")).exit_code == 0
    listed = _run("list")
    assert listed.exit_code == 0 and "sum" in listed.stdout
    assert listed.stderr == ""  # the local store goes without saying
