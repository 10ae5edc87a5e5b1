"""Made-up results files of three models on IOI 2024 (no judging): what the
report tests render and check."""

from __future__ import annotations

from pathlib import Path

from judge.rescore.models import OpenR1SubtaskResult, RescoreRow, RowStatus
from judge.rescore.results_file import ResultsWriter

SUBTASKS = [("00-samples", 0.0), ("01-small", 30.0), ("02-mid", 30.0), ("03-full", 40.0)]
DAYS = {"nile": "day1", "message": "day1", "tree": "day2"}

Spec = tuple[str, list[float] | None]  # verdict, subtask fractions (None: no results)

MODELS: dict[str, dict[str, list[Spec]]] = {
    "alpha": {
        "nile": [("AC", [1, 1, 1, 1]), ("WA", [1, 0, 0, 0])],
        "message": [("TLE", [1, 1, 1, 0]), ("WA", [1, 1, 0, 0])],
        "tree": [("MLE", [1, 1, 0, 0])],
        "aplusb": [("AC", [1, 1, 1, 1])],
    },
    "beta": {
        "nile": [("WA", [1, 1, 0, 0]), ("CE", None)],
        "message": [("RE", [1, 0, 1, 0])],
        "tree": [("AC", [1, 1, 1, 1])],
        "aplusb": [("AC", [1, 1, 1, 1])],
    },
    "gamma": {
        "nile": [("NO_CODE", None), ("TLE", [1, 1, 0, 0])],
        "message": [("ERROR", None), ("WA", [0, 0, 0, 0])],
        "tree": [("CE", None), ("WA", [1, 0, 0, 0])],
        "aplusb": [("WA", [1, 0, 0, 0])],
        "fish": [("ERROR", None)],
    },
}
# The practice task is marked differently in each file (and not at all in one).
PRACTICE_DAY = {"alpha": "0", "beta": "practice", "gamma": None}
TOTALS = {"alpha": 190, "beta": 160, "gamma": 30}  # nile + message + tree
MEDALS = "180,120,60"
ERROR_MESSAGES = {"2024/message/gamma-message-0": "judge failure: the sandbox died",
                  "2024/fish/gamma-fish-0": "no stored problem matches 'fish'"}


def result_row(model: str, problem: str, n: int, verdict: str,
               fractions: list[float] | None) -> RescoreRow:
    key = f"2024/{problem}/{model}-{problem}-{n}"
    status = {"NO_CODE": RowStatus.NO_CODE, "ERROR": RowStatus.ERROR}.get(verdict,
                                                                         RowStatus.JUDGED)
    results = [
        OpenR1SubtaskResult(problem=problem, subtask=name, index=i, score=f,
                            weighted_score=f * pts, points=pts, status="AC" if f == 1 else "WA")
        for i, ((name, pts), f) in enumerate(zip(SUBTASKS, fractions or [], strict=False))
    ]
    day = PRACTICE_DAY[model] if problem == "aplusb" else DAYS.get(problem)
    return RescoreRow(
        key=key, id=key.rsplit("/", 1)[1], year=2024, problem_id=problem,
        problem="" if problem == "fish" else problem, day=day, target_subtask="03-full",
        status=status, verdict=verdict, code_compiles=bool(results), max_score=100,
        all_subtasks_points=sum(r.weighted_score for r in results), all_subtasks_results=results,
        error=ERROR_MESSAGES.get(key),
    )


def model_rows(model: str) -> list[RescoreRow]:
    return [
        result_row(model, problem, n, verdict, fractions)
        for problem, specs in MODELS[model].items()
        for n, (verdict, fractions) in enumerate(specs)
    ]


def write_results(directory: Path) -> list[Path]:
    """One results file per model, named after it."""
    paths = []
    for model in MODELS:
        path = directory / f"{model}.jsonl"
        with ResultsWriter(path) as w:
            for row in model_rows(model):
                w.append(row)
        paths.append(path)
    return paths
