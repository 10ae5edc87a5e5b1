"""A TPS package's reference solutions: ``solutions.json`` names each file of
``solution/`` with a ``verdict`` and per-subtask exceptions under ``except``
(TPS ``docs/README.md``); they are stored under ``solutions/<verdict>/``, in the
language of the package's compile line (:mod:`judge.importers.compile_line`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from judge.importers import common
from judge.importers.cms import read_json
from judge.importers.compile_line import with_package_standard
from judge.importers.errors import ImportFailed, describe_validation
from judge.problems.model import ReferenceSolution, Subtask

# TPS's verdicts (scripts/verify.py), the same names the judge's categories use.
VERDICTS = frozenset({
    "model_solution", "correct", "time_limit", "memory_limit", "incorrect",
    "runtime_error", "failed", "time_limit_and_runtime_error", "partially_correct",
})


class TpsSolution(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    verdict: str
    except_: dict[str, str] = Field(default_factory=dict, alias="except")


def read_solutions(
    root: Path, subtasks: list[Subtask]
) -> tuple[list[ReferenceSolution], dict[str, Path]]:
    """``solutions.json``: verdict -> category, ``except`` -> per-subtask categories
    (where they differ from the verdict). No solutions.json: no reference solutions."""
    if not (root / "solutions.json").is_file():
        return [], {}
    data = read_json(root / "solutions.json", "solutions.json")
    if not isinstance(data, dict):
        raise ImportFailed("solutions.json must hold a JSON object")
    names = {s.name for s in subtasks}
    solutions, files = [], {}
    for file_name, raw in sorted(data.items()):
        spec = _solution_spec(file_name, raw, names)
        source = root / "solution" / file_name
        if "/" in file_name or file_name in (".", "..") or not source.is_file():
            raise ImportFailed(
                f"solutions.json names solution/{file_name}, which is not in the package"
            )
        rel = f"solutions/{spec.verdict}/{file_name}"
        files[rel] = source
        solutions.append(
            ReferenceSolution(
                path=rel,
                category=spec.verdict,
                language=_language(file_name),
                subtask_categories={s: v for s, v in spec.except_.items() if v != spec.verdict},
            )
        )
    return with_package_standard(root, solutions), files


def _solution_spec(file_name: str, raw: Any, subtasks: set[str]) -> TpsSolution:
    try:
        spec = TpsSolution.model_validate(raw)
    except ValidationError as exc:
        raise ImportFailed(f"solutions.json: {file_name}: {describe_validation(exc)}") from None
    for where, verdict in [("verdict", spec.verdict), *spec.except_.items()]:
        if verdict not in VERDICTS:
            raise ImportFailed(
                f"solutions.json: {file_name}: unknown verdict {verdict!r} ({where})"
            )
    unknown = sorted(set(spec.except_) - subtasks)
    if unknown:
        raise ImportFailed(
            f"solutions.json: {file_name}: except names unknown subtask {unknown[0]!r}"
        )
    return spec


def _language(file_name: str) -> str:
    """solutions.json names every solution: one in an unknown language is kept
    with its extension as the language name (``problems verify`` skips it)."""
    return common.solution_language(file_name) or Path(file_name).suffix.lstrip(".") or "unknown"
