"""The rescoring progress bar and the run's statistics."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, Field
from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from judge.rescore.models import RescoreRow, RowStatus

FIRST_ERRORS = 10


class RescoreStats(BaseModel):
    """What a run did; printed as JSON by ``rescore --json``."""

    rows: int = 0
    judged: int = 0
    duplicates: int = 0
    no_code: int = 0
    errors: int = 0
    already_done: int = 0
    tests_run: int = 0
    seconds: float = 0.0
    submissions_per_second: float = 0.0
    tests_per_second: float = 0.0
    workers: int = 0
    verdicts: dict[str, int] = {}
    interrupted: bool = False
    first_errors: list[str] = Field(
        default_factory=list, description=f"The first {FIRST_ERRORS} rows that could not be "
        "judged, as 'key: message'."
    )


class _ProgressWithVerdicts(Progress):
    """The bar line, and the verdict counts on a line of their own below it (so a
    narrow terminal does not squeeze the bar away)."""

    verdicts: str = ""

    def get_renderables(self) -> Iterable[RenderableType]:
        yield self.make_tasks_table(self.tasks)
        if self.verdicts:
            yield Text(self.verdicts, style="dim")


class RescoreProgress:
    """Counts rows as they are written and shows done/total, tests/s, ETA and the
    verdict counts."""

    def __init__(self, total: int, workers: int, console: Console | None, already: int) -> None:
        self.stats = RescoreStats(workers=workers, already_done=already)
        self._verdicts: Counter[str] = Counter()
        self._started = time.monotonic()
        self._progress: _ProgressWithVerdicts | None = None
        self._task: TaskID | None = None
        if console is not None:
            self._progress = _ProgressWithVerdicts(
                TextColumn("[bold]rescore"),
                BarColumn(bar_width=30),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=console,
                transient=False,
            )
            self._task = self._progress.add_task("rescore", total=total, rate="")

    def __enter__(self) -> RescoreProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._finish()
        if self._progress is not None:
            self._progress.stop()

    def add(self, row: RescoreRow) -> None:
        s = self.stats
        s.rows += 1
        s.tests_run += row.tests_run
        if row.status is RowStatus.JUDGED:
            s.judged += 1
        elif row.status is RowStatus.DUPLICATE:
            s.duplicates += 1
        elif row.status is RowStatus.NO_CODE:
            s.no_code += 1
        else:
            s.errors += 1
            if len(s.first_errors) < FIRST_ERRORS:
                s.first_errors.append(f"{row.key}: {row.error}")
        self._verdicts[row.verdict] += 1
        if self._progress is not None and self._task is not None:
            self._progress.verdicts = self._verdict_text()
            self._progress.update(self._task, advance=1, rate=self._rate_text())

    def _rate_text(self) -> str:
        elapsed = max(time.monotonic() - self._started, 1e-6)
        s = self.stats
        return f"{s.judged / elapsed:.2f} subm/s {s.tests_run / elapsed:.1f} tests/s"

    def _verdict_text(self) -> str:
        return " ".join(f"{v}:{n}" for v, n in self._verdicts.most_common())

    def _finish(self) -> None:
        s = self.stats
        s.seconds = round(time.monotonic() - self._started, 3)
        elapsed = max(s.seconds, 1e-6)
        s.submissions_per_second = round(s.judged / elapsed, 3)
        s.tests_per_second = round(s.tests_run / elapsed, 2)
        s.verdicts = dict(self._verdicts.most_common())
