"""Drives a running compose stack through its API (run by deploy/test-compose.sh
inside the guest, on the guest's host side): upload aplusb, its model solution
scores 100 and a wrong one less, and every worker container judged in cgroups
of its own (named after its sandbox's identity, see judge/sandbox/identity.py).

    python tests/deploy/compose_check.py --url URL --admin-token A --submit-token S \
        --package aplusb-CMS.zip --worker-pids PID PID

Prints one JSON line of figures; exits 1 with the reason when a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from judge.client.sync import JudgeClient
from judge.sandbox.identity import Identity
from judge.wire.submissions import SubmissionRequest, SubmissionView

CGROUP_GROUP = Path("/sys/fs/cgroup/ioi-judge")
MODEL = "aplusb/solutions/model_solution/solution.cpp"
WRONG = "aplusb/solutions/incorrect/solution-b-zero.cpp"
ROUNDS = 3  # of each solution: enough that both workers take some


class CheckFailed(Exception):
    pass


def wait_ready(url: str, workers: int, timeout: float = 300.0) -> int:
    """Seconds until /readyz counts ``workers`` live workers."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            health = httpx.get(f"{url}/readyz", timeout=10).json()
            if (health.get("workers") or 0) >= workers:
                return round(time.monotonic() - started)
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(2)
    raise CheckFailed(f"/readyz did not count {workers} workers within {timeout:.0f} s")


def upload(url: str, token: str, package: Path) -> str:
    headers = {"Authorization": f"Bearer {token}"}
    with package.open("rb") as f:
        files = {"file": (package.name, f, "application/zip")}
        response = httpx.post(f"{url}/v1/problems", headers=headers, files=files, timeout=600)
    if response.status_code not in (200, 201):
        raise CheckFailed(f"upload: {response.status_code} {response.text[:300]}")
    return str(response.json()["id"])


def usage_by_worker(pids: list[int]) -> dict[int, dict[str, int]]:
    """CPU microseconds charged to each sandbox cgroup, grouped by the worker
    container (its main process's pid) whose pid namespace owns the identity."""
    namespaces = {os.stat(f"/proc/{pid}/ns/pid").st_ino: pid for pid in pids}
    found: dict[int, dict[str, int]] = {pid: {} for pid in pids}
    for group in sorted(CGROUP_GROUP.iterdir()) if CGROUP_GROUP.is_dir() else []:
        owner = Identity.parse(group.name)
        if owner is not None and owner.pid_ns in namespaces:
            stat = dict(line.split() for line in (group / "cpu.stat").read_text().splitlines())
            found[namespaces[owner.pid_ns]][group.name] = int(stat["usage_usec"])
    return found


def judge_all(url: str, token: str, problem: str, package: Path) -> list[SubmissionView]:
    with zipfile.ZipFile(package) as zf:
        sources = [zf.read(MODEL).decode(), zf.read(WRONG).decode()]
    requests = [
        SubmissionRequest(problem_id=problem, language="cpp17", source=source)
        for _ in range(ROUNDS)
        for source in sources
    ]
    with JudgeClient(url, token=token, timeout=60) as client, ThreadPoolExecutor(6) as pool:
        return list(pool.map(lambda r: client.score(r, timeout=900), requests))


def check(args: argparse.Namespace) -> dict[str, object]:
    ready_s = wait_ready(args.url, len(args.worker_pids))
    problem = upload(args.url, args.admin_token, args.package)
    before = usage_by_worker(args.worker_pids)
    started = time.monotonic()
    states = judge_all(args.url, args.submit_token, problem, args.package)
    judged_s = round(time.monotonic() - started, 1)
    after = usage_by_worker(args.worker_pids)
    scores = [s.result.score if s.result else None for s in states]
    if any(s.status != "done" for s in states):
        raise CheckFailed(f"not all done: {[(s.status, s.error) for s in states]}")
    model, wrong = scores[0::2], scores[1::2]
    if any(score != 100 for score in model) or any(s is None or s >= 100 for s in wrong):
        raise CheckFailed(f"scores: model {model}, wrong {wrong}")
    groups = [set(after[pid]) for pid in args.worker_pids]
    if any(not g for g in groups) or set.intersection(*groups):
        raise CheckFailed(f"sandbox cgroups per worker container: {after}")
    judged = {pid: sum(after[pid].values()) - sum(before[pid].values()) for pid in args.worker_pids}
    if any(delta <= 0 for delta in judged.values()):
        raise CheckFailed(f"a worker container ran nothing in its cgroups: {judged}")
    return {
        "ready_s": ready_s, "judged_s": judged_s, "model_scores": model, "wrong_scores": wrong,
        "cgroups_by_worker_pid": after, "cpu_usec_while_judging": judged,
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--admin-token", required=True)
    parser.add_argument("--submit-token", required=True)
    parser.add_argument("--package", type=Path, required=True)
    parser.add_argument("--worker-pids", type=int, nargs="+", required=True)
    args = parser.parse_args()
    try:
        print(json.dumps(check(args)))
    except CheckFailed as exc:
        print(f"compose check failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
