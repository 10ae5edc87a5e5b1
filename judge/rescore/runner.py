"""``ioi-judge rescore``: judge a file of model generations, resumably.

Every input row gets exactly one row in the results file. Rows already there
are skipped (errors excepted, they are retried); a source identical to one judged
before (same problem version, language and source) reuses that result; the
others are judged, each distinct source once, on a local process pool or a
running service, and appended as they finish.

On Ctrl-C the rows being judged are finished and written, the rest left for the
next run; a second Ctrl-C stops at once. A SIGKILL loses at most the row being
written (see :mod:`judge.rescore.results_file`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from rich.console import Console

from judge.rescore.backends import Backend, JudgeOutcome, RescoreItem
from judge.rescore.models import Generation, RescoreRow, RowStatus
from judge.rescore.planning import Plan, Planner, judged_by_hash
from judge.rescore.progress import RescoreProgress, RescoreStats
from judge.rescore.results_file import ResultsWriter, read_rows
from judge.rescore.rows import duplicate_row, error_row, judged_row

RowSink = Callable[[RescoreRow], None]


class RescoreError(RuntimeError):
    """The run cannot go on (the judging processes died, ...); rows so far are kept."""


def pending_generations(
    generations: list[Generation], existing: dict[str, RescoreRow]
) -> list[Generation]:
    return [g for g in generations if g.key not in existing or not existing[g.key].done]


def rescore(
    generations: list[Generation],
    out: Path,
    planner: Planner,
    backend: Backend,
    console: Console | None = None,
    warn: Console | None = None,
) -> RescoreStats:
    """Rescore ``generations`` into ``out``; returns the run's statistics."""
    existing, warnings = read_rows(out)
    for warning in warnings:
        if warn is not None:
            warn.print(f"warning: {warning}", markup=False, highlight=False)
    todo = pending_generations(generations, existing)
    plan = planner.plan(todo, judged_by_hash(existing))
    already = len(generations) - len(todo)
    with (
        ResultsWriter(out) as writer,
        RescoreProgress(len(todo), backend.workers, console, already) as progress,
    ):
        def emit(row: RescoreRow) -> None:
            writer.append(row)
            progress.add(row)

        for row in plan.ready:
            emit(row)
        progress.stats.interrupted = _drive(plan, backend, emit, warn)
    return progress.stats


def _drive(plan: Plan, backend: Backend, emit: RowSink, warn: Console | None) -> bool:
    """Run the plan's jobs, ``2 x workers`` in flight; True if interrupted."""
    queue = deque(plan.jobs)
    inflight: dict[Future[JudgeOutcome], RescoreItem] = {}
    interrupted = False
    try:
        while queue or inflight:
            try:
                while queue and len(inflight) < 2 * backend.workers:
                    job = queue.popleft()
                    inflight[backend.submit(job)] = job
                done, _ = wait(inflight, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    inflight.pop(future)
                    if not future.cancelled():
                        _emit_outcome(future.result(), plan, emit)
            except KeyboardInterrupt:
                if interrupted:
                    raise
                interrupted = True
                queue.clear()
                for future in [f for f in inflight if f.cancel()]:
                    inflight.pop(future)
                if warn is not None:
                    warn.print(
                        f"interrupted: finishing {len(inflight)} running submissions "
                        "(Ctrl-C again to stop now); rerun the same command to resume"
                    )
    except BrokenProcessPool as exc:
        raise RescoreError(
            f"the judging processes died ({exc}); finished rows are saved, rerun to resume"
        ) from None
    finally:
        backend.close(cancel=True)
    return interrupted


def _emit_outcome(outcome: JudgeOutcome, plan: Plan, emit: RowSink) -> None:
    waiting = plan.waiting.pop(outcome.source_hash, [])
    if outcome.result is None:
        for gen, _ in waiting:
            emit(error_row(gen, outcome.error or "unknown error"))
        return
    first: RescoreRow | None = None
    for gen, code in waiting:
        if first is None:
            precision = plan.precision.get(outcome.result.problem, 2)
            first = judged_row(
                gen, outcome.result, code, outcome.source_hash, outcome.seconds, precision,
                outcome.queue_seconds,
            )
            emit(first)
        else:
            emit(duplicate_row(gen, first))


__all__ = ["RescoreError", "RescoreStats", "RowStatus", "rescore"]
