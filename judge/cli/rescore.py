"""``ioi-judge rescore``, ``report`` and ``select``: batch rescoring of model
generations and the IOI selection report over its results."""

from __future__ import annotations

import json
import os
import sys
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from judge.cli.store import open_store
from judge.client.sync import JudgeClient
from judge.languages.extraction import extract_code
from judge.report import (
    ComparisonReport,
    ModelRows,
    ReportOptions,
    RescoreReport,
    build_comparison,
    build_report,
    default_labels,
    parse_thresholds,
    render_html,
)
from judge.report.console import print_report, print_selected
from judge.rescore.backends import Backend, LocalBackend, ServerBackend
from judge.rescore.inputs import InputError, InputReport, read_generations
from judge.rescore.models import RescoreRow
from judge.rescore.planning import Planner
from judge.rescore.problems import ProblemIndex, parse_overrides
from judge.rescore.results_file import read_rows
from judge.rescore.runner import RescoreError
from judge.rescore.runner import rescore as run_rescore
from judge.selection import SelectionError
from judge.settings import Settings

console = Console()
err_console = Console(stderr=True)

ModeOption = Annotated[
    str, typer.Option("--mode", help="Selection rule: ioi or open-r1-compat.")
]
LimitOption = Annotated[int, typer.Option(help="Submissions a contestant may make.")]


EXIT_ROWS_NOT_JUDGED = 2  # the results file is written, but some rows are errors


def fail(message: str) -> typer.Exit:
    err_console.print(f"error: {message}", highlight=False, markup=False)
    return typer.Exit(1)


def rescore(
    input: Annotated[Path, typer.Argument(help="Generations: JSONL or Parquet (open-r1 schema).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Results file (JSONL, appended).")],
    server: Annotated[
        str | None, typer.Option(help="Judge through a running service at this URL.")
    ] = None,
    token: Annotated[
        str | None, typer.Option(envvar="IOI_JUDGE_TOKEN", help="Bearer token for --server.")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Judging processes (--server: requests in flight).")
    ] = None,
    test_concurrency: Annotated[int, typer.Option(help="Parallel tests per submission.")] = 1,
    language: Annotated[str, typer.Option(help="Language of 'cpp' code.")] = "cpp17",
    id_column: Annotated[
        str | None, typer.Option(help="Unique id column (default: uuid, id or label).")
    ] = None,
    problem_map: Annotated[
        list[str] | None,
        typer.Option("--map", help="PROBLEM_ID=STORE_ID or YEAR/PROBLEM_ID=STORE_ID."),
    ] = None,
    add_includes: Annotated[
        bool, typer.Option(help="Prepend bits/stdc++.h, the task header, using namespace std.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run's stats as JSON.")] = False,
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Judge every generation of INPUT on all subtasks and append one row per
    generation to --out. Rerun the same command to resume after an interruption."""
    settings = Settings()
    report = InputReport()
    try:
        generations = read_generations(input, id_column, report)
        planner = _planner(settings, problem_map or [], language, add_includes, server)
    except (InputError, ValueError) as exc:
        raise fail(str(exc)) from None
    for skipped in report.skipped[:20]:
        err_console.print(f"warning: skipped {skipped}", markup=False, highlight=False)
    if len(report.skipped) > 20:
        err_console.print(f"warning: {len(report.skipped) - 20} more rows skipped")
    backend = _backend(settings, server, token, workers, test_concurrency)
    try:
        stats = run_rescore(
            generations, out, planner, backend,
            console=None if quiet else err_console, warn=err_console,
        )
    except RescoreError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        err_console.print("stopped: finished rows are saved; rerun the same command to resume")
        raise typer.Exit(130) from None
    if as_json:
        sys.stdout.write(stats.model_dump_json() + "\n")
    else:
        console.print(
            f"{stats.rows} rows written ({stats.judged} judged, {stats.duplicates} duplicates, "
            f"{stats.no_code} without code, {stats.errors} errors; {stats.already_done} done "
            f"before) in {stats.seconds:.1f}s: {stats.submissions_per_second:.2f} submissions/s, "
            f"{stats.tests_per_second:.1f} tests/s"
        )
    if stats.interrupted:
        raise typer.Exit(130)
    if stats.errors:
        _report_errors(stats.errors, stats.first_errors)
        raise typer.Exit(EXIT_ROWS_NOT_JUDGED)


def _report_errors(count: int, first: list[str]) -> None:
    """Say on stderr how many rows could not be judged and why, the first few."""
    err_console.print(f"error: {count} rows could not be judged (rerun the same command to "
                      "retry them); the first:", highlight=False, markup=False)
    for line in first:
        err_console.print(f"  {line[:300]}", highlight=False, markup=False)


def _planner(
    settings: Settings, maps: list[str], language: str, add_includes: bool, server: str | None
) -> Planner:
    say = partial(err_console.print, markup=False, highlight=False, soft_wrap=True)
    store = open_store(settings, say=say).store
    return Planner(
        store=store,
        index=ProblemIndex.from_store(store, parse_overrides(maps)),
        extract=lambda text, lang: extract_code(text, language=lang),
        language=language,
        add_includes=add_includes,
        remote=server is not None,
    )


def _backend(
    settings: Settings, server: str | None, token: str | None, workers: int | None,
    test_concurrency: int,
) -> Backend:
    if server is not None:
        return ServerBackend(JudgeClient(server, token), workers or 32)
    return LocalBackend(settings, workers or os.cpu_count() or 1, test_concurrency)


def _load(results: Path) -> list[RescoreRow]:
    if not results.is_file():
        raise fail(f"no such file: {results}")
    rows, warnings = read_rows(results)
    for warning in warnings:
        err_console.print(f"warning: {warning}", markup=False, highlight=False)
    if not rows:
        raise fail(f"{results} has no result rows")
    return list(rows.values())


def report(
    results: Annotated[
        list[Path], typer.Argument(help="Results files written by rescore, one per model.")
    ],
    html: Annotated[Path | None, typer.Option(help="Also write a self-contained HTML.")] = None,
    label: Annotated[
        list[str] | None,
        typer.Option(help="Name of each results file's model, in order (default: file stems)."),
    ] = None,
    mode: ModeOption = "ioi",
    limit: LimitOption = 50,
    medals: Annotated[
        str | None, typer.Option(help="Medal cutoffs out of 600: GOLD,SILVER,BRONZE.")
    ] = None,
    practice: Annotated[
        list[str] | None,
        typer.Option(help="Problem to leave out of the year totals (besides those whose "
                     "rows say day practice/day0/0)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Per problem and year: the selected-LIMIT score, the unlimited score, the best
    single submission and the year's total out of 600; per problem the points per
    subtask and the verdicts. Several files are reported side by side."""
    try:
        names = default_labels(results, label or [])
        models = [ModelRows(label=n, source=str(p), rows=_load(p))
                  for n, p in zip(names, results, strict=True)]
        options = ReportOptions(mode=mode, limit=limit, thresholds=parse_thresholds(medals),
                                practice=practice or [])
        built = build_comparison(models, options)
    except (SelectionError, ValueError) as exc:
        raise fail(str(exc)) from None
    shown: RescoreReport | ComparisonReport = built.models[0] if len(models) == 1 else built
    if as_json:
        sys.stdout.write(shown.model_dump_json(indent=2) + "\n")
    else:
        print_report(shown, console)
    if html is not None:
        html.write_text(render_html(shown), encoding="utf-8")
        err_console.print(f"wrote {html}", highlight=False)


def select(
    results: Annotated[Path, typer.Argument(help="Results file written by rescore.")],
    mode: ModeOption = "ioi",
    limit: LimitOption = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print selections as JSON.")] = False,
) -> None:
    """Print the ids of the selected submissions (year, problem, id per line)."""
    rows = _load(results)
    try:
        built = build_report(rows, ReportOptions(mode=mode, limit=limit))
    except (SelectionError, ValueError) as exc:
        raise fail(str(exc)) from None
    if as_json:
        picks = [p.model_dump(mode="json") for y in built.years for p in y.problems]
        sys.stdout.write(json.dumps(picks, indent=2) + "\n")
    else:
        print_selected(built, console)
