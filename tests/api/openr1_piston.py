"""Test helper: the request bodies Open R1 sends to Piston, built the way its
published code builds them, and its reading of the answers.

- IOI: ``src/open_r1/utils/competitive_programming/ioi_scoring.py``
  (``run_submission`` builds the body, ``execute_ioi`` reads the answer,
  ``score_subtask`` scores a subtask as the minimum of its tests, stopping at
  the first zero; ``piston_client.py`` ``send_execute`` adds ``language`` and
  ``version``), over rows of ``open-r1/ioi`` (``openr1_rows.export_openr1``).
- CodeForces: ``cf_scoring.py`` ``score_single_test_case`` (the body, language
  ``c++17`` or ``cf_python3``) and ``score_submission`` (a test passes when the
  run's code is 0 and its stdout is ``1``).

Written here from those functions' behaviour, not copied; the IOI body and the
grader_config.json come from :mod:`bench.openr1`, which sends the same ones."""

from __future__ import annotations

from typing import Any

import httpx

from bench.openr1 import grader_config, ioi_body

__all__ = ["cf_body", "cf_passed", "grader_config", "ioi_body", "read_ioi", "score_ioi"]


def read_ioi(answer: dict[str, Any]) -> tuple[float, str]:
    """``execute_ioi``'s reading: (score, feedback); raises where it raises."""
    if "message" in answer:
        raise RuntimeError(answer["message"])
    if answer.get("compile") and answer["compile"]["code"] != 0:
        return 0.0, "Compilation error exit code " + str(answer["compile"]["code"])
    run = answer["run"]
    if run["code"] == 1 and "MemoryError" in run["stderr"]:
        return 0.0, "Memory limit exceeded"
    if run["stdout"]:
        return float(run["stdout"]), run["stderr"]
    if run["signal"] == "SIGKILL":
        return 0.0, "Time limit exceeded"
    raise RuntimeError(f"no score: {answer}")


def score_ioi(client: httpx.Client, rows: list[dict[str, Any]],
              tests: dict[str, tuple[str, str | None]], submission: str,
              zeros: dict[str, str] | None = None) -> dict[str, float]:
    """Points per subtask as ``score_subtasks`` gives them (one test at a time,
    a subtask stops at its first zero, a test shared by subtasks is run once);
    the feedback of each test that scored 0 goes into ``zeros``."""
    cache: dict[str, float] = {}
    points: dict[str, float] = {}
    for row in rows:
        scores: list[float] = []
        for name in row["test_names"]:
            if name not in cache:
                answer = client.post("/api/v2/execute",
                                     json=ioi_body(row, *tests[name], submission))
                assert answer.status_code == 200, answer.text
                cache[name], feedback = read_ioi(answer.json())
                if cache[name] == 0.0 and zeros is not None:
                    zeros[name] = feedback
            scores.append(cache[name])
            if cache[name] == 0.0:
                break
        fraction = min(scores) if scores else 0.0
        points[row["subtask"]] = round(fraction * row["score"], row["score_precision"])
    return points


def cf_body(problem: dict[str, Any], test_input: str, test_output: str, submission: str,
            language: str = "cpp") -> dict[str, Any]:
    """What ``score_single_test_case`` posts for one CodeForces test."""
    config = {"TIME_LIMIT": problem["time_limit"], "MEMORY_LIMIT": problem["memory_limit"],
              "INPUT_MODE": problem["input_mode"]}
    files = [
        {"name": f"main.{language}", "content": submission},
        *([{"name": "checker.py", "content": problem["generated_checker"]}]
          if problem["generated_checker"] else []),
        {"name": "input.txt", "content": test_input},
        {"name": "correct_output.txt", "content": test_output},
        {"name": "grader_config",
         "content": "\n".join(f"{key}={value}" for key, value in config.items())},
    ]
    return {"files": files, "run_timeout": (problem["time_limit"] + 3) * 1000,
            "language": "cf_python3" if language == "python" else "c++17", "version": "*"}


def cf_passed(answer: dict[str, Any]) -> bool | None:
    """``score_submission``'s test: True/False, or None for a compile error."""
    if answer["compile"]["code"] != 0:
        return None
    return bool(answer["run"]["code"] == 0 and answer["run"]["stdout"].strip() == "1")
