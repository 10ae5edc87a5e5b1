"""Reading dataset rows from local Parquet (pyarrow) or JSON Lines files, lazily,
so that multi-gigabyte test files are never held in memory at once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from judge.importers.errors import ImportFailed

PARQUET = {".parquet", ".pq"}
JSONL = {".jsonl", ".ndjson", ".json"}
BATCH_ROWS = 16


def iter_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, row)`` for every row; ``where`` names the file and row for messages."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFailed(f"no such file: {path}")
    if suffix in PARQUET:
        yield from _parquet_rows(path)
    elif suffix in JSONL:
        yield from _jsonl_rows(path)
    else:
        raise ImportFailed(f"{path.name}: expected a .parquet or .jsonl file")


def _parquet_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(path)
        number = 0
        for batch in reader.iter_batches(batch_size=BATCH_ROWS):
            for row in batch.to_pylist():
                number += 1
                yield f"{path.name} row {number}", row
    except (pa.ArrowException, OSError) as exc:
        raise ImportFailed(f"{path.name}: not a readable Parquet file ({exc})") from None


def _jsonl_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                where = f"{path.name} line {number}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ImportFailed(f"{where}: invalid JSON ({exc})") from None
                if not isinstance(row, dict):
                    raise ImportFailed(f"{where}: a row must be a JSON object")
                yield where, row
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{path.name}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ImportFailed(f"cannot read {path.name}: {exc.strerror or exc}") from None
