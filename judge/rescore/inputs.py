"""Reading generations to rescore from JSONL or Parquet (open-r1 IOI schema)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judge.rescore.models import Generation

ID_COLUMNS = ("uuid", "id", "label")


class InputError(ValueError):
    """The input file cannot be read at all."""


@dataclass
class InputReport:
    """Rows that could not be used, with the reason (line or row number first)."""

    skipped: list[str] = field(default_factory=list)


def read_generations(
    path: Path, id_column: str | None = None, report: InputReport | None = None
) -> list[Generation]:
    """Every usable row of ``path`` as a :class:`Generation`, in file order.

    Unusable rows (not JSON, no ``problem_id``) are skipped and named in
    ``report``; a repeated key keeps its first row."""
    report = report if report is not None else InputReport()
    seen: set[str] = set()
    rows: list[Generation] = []
    for number, raw in _raw_rows(path, report):
        try:
            gen = to_generation(raw, number, id_column)
        except ValueError as exc:
            report.skipped.append(f"row {number}: {exc}")
            continue
        if gen.key in seen:
            report.skipped.append(f"row {number}: duplicate key {gen.key!r}")
            continue
        seen.add(gen.key)
        rows.append(gen)
    return rows


def _raw_rows(path: Path, report: InputReport) -> Iterator[tuple[int, Mapping[str, Any]]]:
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    if path.suffix.lower() in (".parquet", ".pq"):
        yield from _parquet_rows(path)
        return
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                report.skipped.append(f"line {number}: not JSON ({exc.msg})")
                continue
            if not isinstance(raw, dict):
                report.skipped.append(f"line {number}: not a JSON object")
                continue
            yield number, raw


def _parquet_rows(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a bad file
        raise InputError(f"{path}: not a Parquet file ({exc})") from None
    number = 0
    for batch in parquet.iter_batches(batch_size=1024):
        for raw in batch.to_pylist():
            number += 1
            yield number, raw


def to_generation(raw: Mapping[str, Any], number: int, id_column: str | None) -> Generation:
    problem_id = raw.get("problem_id") or raw.get("problem")
    if not problem_id:
        raise ValueError("no problem_id")
    year = _year(raw.get("year"))
    ident = _identifier(raw, number, id_column)
    target = raw.get("target_subtask", raw.get("subtask"))
    return Generation(
        key=f"{year if year is not None else '-'}/{problem_id}/{ident}",
        id=ident,
        year=year,
        problem_id=str(problem_id),
        day=None if raw.get("day") is None else str(raw["day"]),
        target_subtask=None if target is None else str(target),
        code=_text(raw.get("code")),
        generation=_text(raw.get("generation")),
        language=_text(raw.get("language")),
        output_tokens=_output_tokens(raw.get("metadata")),
        input_fields=_json_safe(raw),
    )


def _json_safe(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The row as JSON can hold it (Parquet may carry dates, bytes, decimals)."""
    return dict(json.loads(json.dumps(dict(raw), default=str)))


def _identifier(raw: Mapping[str, Any], number: int, id_column: str | None) -> str:
    if id_column is not None:
        if raw.get(id_column) is None:
            raise ValueError(f"no {id_column!r} column")
        return str(raw[id_column])
    for column in ID_COLUMNS:
        if raw.get(column) is not None:
            return str(raw[column])
    return f"row-{number}"


def _year(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"year {value!r} is not a number") from None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _output_tokens(metadata: Any) -> int | None:
    """``metadata.usage.output_tokens`` (or ``completion_tokens``); metadata may be a
    JSON string in Parquet exports."""
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except json.JSONDecodeError:
            return None
    if not isinstance(metadata, Mapping):
        return None
    usage = metadata.get("usage")
    if not isinstance(usage, Mapping):
        return None
    for name in ("output_tokens", "completion_tokens"):
        value = usage.get(name)
        if isinstance(value, int | float):
            return int(value)
    return None
