"""The README, top to bottom, as a new user follows it on one host: `ioi-judge up`,
a problem uploaded through the API, the CLI sees it, a submission judged, a file
of generations rescored through the service, a report written, `ioi-judge down`.
(The set-up command itself is what runs this suite.)"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from sum_problem import CORRECT, OVERFLOW, problem_zip
from up_helpers import cli, service_up

pytestmark = pytest.mark.slow
def test_the_readme_from_up_to_down(tmp_path: Path) -> None:
    with service_up(tmp_path) as up:
        env, url, tokens = up.env, up.url, up.tokens()
        admin = {"Authorization": f"Bearer {tokens['admin']}"}
        submit = {"Authorization": f"Bearer {tokens['submit']}"}

        uploaded = httpx.post(f"{url}/v1/problems", headers=admin, timeout=60,
                              files={"file": ("sum.zip", problem_zip())})
        assert uploaded.status_code == 201, uploaded.text
        shown = cli(env, "problems", "show", "sum")  # the CLI sees what the API holds
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
        rescored = cli(env, "rescore", str(generations), "--out", str(results), "--server",
                        url, "--token", tokens["submit"], "--quiet")
        assert rescored.returncode == 0, rescored.stderr
        scores = {json.loads(line)["uuid"]: json.loads(line)["all_subtasks_points"]
                  for line in results.read_text().splitlines()}
        assert scores == {"right": 100, "overflow": 40}
        reported = cli(env, "report", str(results), "--html", str(page))
        assert reported.returncode == 0, reported.stderr
        assert "sum" in reported.stdout and "<svg" in page.read_text()

        down = cli(env, "down")
        assert down.returncode == 0 and "stopped" in down.stderr, down.stderr
        assert up.process.wait(timeout=30) == 0
    assert cli(env, "status").returncode == 3
