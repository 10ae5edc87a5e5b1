"""The README, top to bottom, as a new user follows it on one host: `ioi-judge up`,
a problem uploaded through the API, the CLI sees it, a submission judged, a file
of generations rescored through the service, a report written, `ioi-judge down`.
(The set-up command itself is what runs this suite.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from service_helpers import free_port
from sum_problem import CORRECT, OVERFLOW, problem_zip

pytestmark = pytest.mark.slow
CLI = [sys.executable, "-c", "from judge.cli import app; app()"]


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, text=True, capture_output=True, timeout=300,
                          check=False)


def _ready(url: str, up: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while True:
        assert up.poll() is None, log.read_text()
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "the service did not become ready"
        time.sleep(0.3)


def test_the_readme_from_up_to_down(tmp_path: Path) -> None:
    api_port = free_port()
    url = f"http://127.0.0.1:{api_port}"
    env = {**os.environ, "JUDGE_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
           "JUDGE_API_HOST": "127.0.0.1", "JUDGE_API_PORT": str(api_port),
           "JUDGE_DATA_DIR": str(tmp_path / "var")}
    for key in ("JUDGE_SUBMIT_TOKENS", "JUDGE_ADMIN_TOKENS", "JUDGE_WORKERS"):
        env.pop(key, None)
    log = tmp_path / "up.log"
    with log.open("wb") as out:
        up = subprocess.Popen([*CLI, "up", "-p", "1"], env=env, stdout=subprocess.DEVNULL,
                              stderr=out)
    try:
        _ready(url, up, log)
        tokens = json.loads((tmp_path / "var" / "api-tokens.json").read_text())
        admin = {"Authorization": f"Bearer {tokens['admin']}"}
        submit = {"Authorization": f"Bearer {tokens['submit']}"}

        uploaded = httpx.post(f"{url}/v1/problems", headers=admin, timeout=60,
                              files={"file": ("sum.zip", problem_zip())})
        assert uploaded.status_code == 201, uploaded.text
        shown = _cli(env, "problems", "show", "sum")  # the CLI sees what the API holds
        assert shown.returncode == 0, shown.stderr
        assert uploaded.json()["version"] in shown.stdout and "the service's Redis" in shown.stderr

        body = {"problem_id": "sum", "language": "cpp17", "source": CORRECT}
        judged = httpx.post(f"{url}/v1/submissions", headers=submit, json=body,
                            params={"wait": 60}, timeout=90).json()
        assert judged["status"] == "done" and judged["result"]["score"] == 100, judged

        generations = tmp_path / "generations.jsonl"
        rows = [{"problem_id": "sum", "uuid": name, "generation": f"```cpp\n{code}```"}
                for name, code in (("right", CORRECT), ("overflow", OVERFLOW))]
        generations.write_text("".join(json.dumps(r) + "\n" for r in rows))
        results, page = tmp_path / "results.jsonl", tmp_path / "report.html"
        rescored = _cli(env, "rescore", str(generations), "--out", str(results), "--server",
                        url, "--token", tokens["submit"], "--quiet")
        assert rescored.returncode == 0, rescored.stderr
        scores = {json.loads(line)["uuid"]: json.loads(line)["all_subtasks_points"]
                  for line in results.read_text().splitlines()}
        assert scores == {"right": 100, "overflow": 40}
        reported = _cli(env, "report", str(results), "--html", str(page))
        assert reported.returncode == 0, reported.stderr
        assert "sum" in reported.stdout and "<svg" in page.read_text()

        down = _cli(env, "down")
        assert down.returncode == 0 and "stopped" in down.stderr, down.stderr
        assert up.wait(timeout=30) == 0
    finally:
        if up.poll() is None:
            up.terminate()
            up.wait(timeout=60)
    assert _cli(env, "status").returncode == 3
