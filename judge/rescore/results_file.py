"""The results file: JSON lines appended as rows finish, each flushed and
fsync'd, so that an interrupted run (Ctrl-C, SIGKILL, power loss) loses at most
the row being written.

A SIGKILL can leave a torn last line (no newline, or not valid JSON); opening the
file for appending detects it and cuts it off, so that the next row starts on a
line of its own and the torn row is judged again. When a key appears several
times (an error row retried later) the last row wins.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from judge.rescore.models import RescoreRow


def read_rows(path: Path) -> tuple[dict[str, RescoreRow], list[str]]:
    """The rows of ``path`` by key (last wins) and warnings about unreadable lines."""
    rows: dict[str, RescoreRow] = {}
    warnings: list[str] = []
    if not path.exists():
        return rows, warnings
    with open(path, "rb") as f:
        data = f.read()
    lines = data.split(b"\n")
    torn = lines.pop()  # text after the last newline: empty unless torn
    if torn.strip():
        warnings.append(f"{path}: ignoring a truncated last line ({len(torn)} bytes)")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = RescoreRow.model_validate(json.loads(line))
        except (json.JSONDecodeError, UnicodeDecodeError, ValidationError) as exc:
            warnings.append(f"{path}:{number}: unreadable row ignored ({type(exc).__name__})")
            continue
        rows[row.key] = row
    return rows, warnings


def _cut_torn_tail(path: Path) -> None:
    """Truncate anything after the last newline (a row torn by a kill)."""
    with open(path, "rb+") as f:
        size = f.seek(0, os.SEEK_END)
        if size == 0:
            return
        pos = size
        block = 1 << 16
        while pos > 0:
            start = max(0, pos - block)
            f.seek(start)
            chunk = f.read(pos - start)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                end = start + cut + 1
                break
            pos = start
        else:
            end = 0
        if end != size:
            f.truncate(end)
            os.fsync(f.fileno())


class ResultsWriter:
    """Appends rows durably. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[bytes] | None = None

    def __enter__(self) -> ResultsWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists():
            _cut_torn_tail(self.path)
        self._file = open(self.path, "ab")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def append(self, row: RescoreRow) -> None:
        assert self._file is not None, "use ResultsWriter as a context manager"
        self._file.write(row.model_dump_json().encode() + b"\n")
        self._file.flush()
        os.fsync(self._file.fileno())
