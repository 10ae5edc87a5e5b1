"""``ioi-judge problems ...``: import, list, show and delete stored problems."""

from __future__ import annotations

import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from judge.cli.store import CliStore, open_store
from judge.importers import (
    ImportFailed,
    find_packages,
    import_openr1,
    import_problem,
)
from judge.problems.model import Problem
from judge.problems.store import ProblemNotFound, StoredProblem
from judge.settings import Settings

problems_app = typer.Typer(help="Manage stored problems.", no_args_is_help=True)
# Wide enough when piped (rich assumes 80 columns off a terminal) that ids and
# versions are not cut.
_WIDTH = None if sys.stdout.isatty() else 160
console = Console(highlight=False, soft_wrap=True, width=_WIDTH)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class MemoryUnit(StrEnum):
    AUTO = "auto"
    BYTES = "bytes"
    MB = "mb"


def _fail(message: str) -> typer.Exit:
    err_console.print(f"error: {message}", markup=False)
    return typer.Exit(1)


def _store(settings: Settings) -> CliStore:
    """The store, in step with the service's when one runs (judge.cli.store)."""
    return open_store(settings, say=partial(err_console.print, markup=False, highlight=False,
                                            soft_wrap=True))


def _published(cli: CliStore, stored: StoredProblem) -> None:
    if cli.publish(stored):
        err_console.print(f"published {stored.problem.id} to the service", markup=False)


def _summary(stored: StoredProblem) -> str:
    p = stored.problem
    return (
        f"{p.id}  version {p.version}  {p.task_type.value}  {len(p.subtasks)} subtasks  "
        f"{len(p.tests)} tests  {len(p.solutions)} solutions"
    )


@problems_app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="A .zip, a problem folder, or a folder of them.")],
    problem_id: Annotated[
        str | None, typer.Option("--id", help="Problem id (one package only).")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Year, if the folders do not say.")] = None,
    day: Annotated[int | None, typer.Option(help="Day (0 = practice).")] = None,
) -> None:
    """Import an IOI/CMS package or a plain-format problem (zip or folder), or every
    package in a folder (a whole IOI year), one line per problem."""
    settings = Settings()
    if not path.exists():
        raise _fail(f"no such file or directory: {path}")
    store = _store(settings)
    packages = find_packages(path) if path.is_dir() else []
    if not packages:
        _import_one(path, store, settings, problem_id, year, day)
        return
    if problem_id is not None:
        raise _fail("--id names one problem; PATH is a folder of packages")
    failures = _import_many(packages, store, settings, year, day)
    console.print(f"{len(packages) - failures} imported, {failures} failed", markup=False)
    if failures:
        raise typer.Exit(1)


def _import_one(
    path: Path,
    store: CliStore,
    settings: Settings,
    problem_id: str | None,
    year: int | None,
    day: int | None,
) -> None:
    try:
        stored = import_problem(
            path, store.store, settings.archive, problem_id, year=year, day=day,
            infer_from_path=True,
        )
    except ImportFailed as exc:
        raise _fail(str(exc)) from None
    console.print(f"imported {_summary(stored)}", markup=False)
    _published(store, stored)


def _import_many(
    packages: list[Path],
    store: CliStore,
    settings: Settings,
    year: int | None,
    day: int | None,
) -> int:
    seen: dict[str, Path] = {}
    failures = 0
    for package in packages:
        try:
            stored = import_problem(
                package,
                store.store,
                settings.archive,
                year=year,
                day=day,
                taken_ids=seen,
                infer_from_path=True,
            )
        except ImportFailed as exc:
            failures += 1
            err_console.print(f"FAILED {package.name}: {exc}", markup=False)
            continue
        seen[stored.problem.id] = package
        console.print(f"ok {package.name}: {_summary(stored)}", markup=False)
        _published(store, stored)
    return failures


@problems_app.command("import-openr1")
def import_openr1_command(
    problems_file: Annotated[Path, typer.Argument(help="open-r1/ioi rows (.parquet/.jsonl).")],
    tests_files: Annotated[
        list[Path], typer.Argument(help="open-r1/ioi-test-cases rows, one or more files.")
    ],
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Import only this task id (repeatable).")
    ] = None,
    id_template: Annotated[str, typer.Option(help="Problem id from {year} and {id}.")] = (
        "{year}-{id}"
    ),
    memory_unit: Annotated[
        MemoryUnit, typer.Option(help="Unit of memory_limit (auto: bytes, below 1 MiB: MiB).")
    ] = MemoryUnit.AUTO,
    keep_going: Annotated[
        bool, typer.Option(help="Skip bad problems and import the rest.")
    ] = False,
) -> None:
    """Import problems from local open-r1 dataset files (nothing is downloaded)."""
    settings = Settings()
    failures: list[str] = []

    def report(pid: str, exc: ImportFailed) -> None:
        failures.append(pid)
        err_console.print(f"FAILED {exc}", markup=False)

    cli = _store(settings)
    try:
        stored = import_openr1(
            problems_file,
            tests_files,
            cli.store,
            settings.archive,
            only=set(only) if only else None,
            id_template=id_template,
            memory_unit=memory_unit.value,
            on_error=report if keep_going else None,
        )
    except ImportFailed as exc:
        raise _fail(str(exc)) from None
    for s in stored:
        console.print(f"ok {_summary(s)}", markup=False)
        _published(cli, s)
    console.print(f"{len(stored)} imported, {len(failures)} failed", markup=False)
    if failures:
        raise typer.Exit(1)


@problems_app.command("list")
def list_command() -> None:
    """List stored problems."""
    problems = _store(Settings()).store.list()
    if not problems:
        console.print("no problems", markup=False)
        return
    table = Table("id", "name", "year", "day", "type", "subtasks", "tests", "max", "version")
    for p in problems:
        table.add_row(
            p.id,
            p.name,
            _opt(p.year),
            _opt(p.day),
            p.task_type.value,
            str(len(p.subtasks)),
            str(len(p.tests)),
            f"{p.max_score:g}",
            p.version,
        )
    console.print(table)


def _opt(value: int | None) -> str:
    return "" if value is None else str(value)


@problems_app.command("show")
def show_command(
    problem_id: Annotated[str, typer.Argument(help="Problem id.")],
    version: Annotated[
        str | None, typer.Option(help="A stored version (default: current).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problem as JSON.")] = False,
) -> None:
    """Show a problem: limits, task type, graders, subtasks with scores and test counts."""
    try:
        stored = _store(Settings()).store.get(problem_id, version)
    except ProblemNotFound as exc:
        raise _fail(str(exc)) from None
    if as_json:
        print(stored.problem.model_dump_json(indent=2))
        return
    _print_problem(stored.problem)


def _print_problem(p: Problem) -> None:
    info = Table.grid(padding=(0, 2))
    info.add_row("id", p.id)
    info.add_row("name", p.name)
    info.add_row("year / day", f"{_opt(p.year) or '-'} / {_opt(p.day) or '-'}")
    info.add_row("version", p.version)
    info.add_row("task type", _task_type(p))
    info.add_row("time limit", f"{p.time_limit:g} s")
    info.add_row("memory limit", f"{p.memory_limit / 2**20:g} MiB")
    info.add_row("score precision", str(p.score_precision))
    info.add_row("graders", ", ".join(sorted(p.graders)) or "-")
    info.add_row("checker", p.checker.source if p.checker else "-")
    info.add_row("manager", p.manager.source if p.manager else "-")
    info.add_row("tests", str(len(p.tests)))
    info.add_row("solutions", str(len(p.solutions)))
    console.print(info)
    subtasks = Table("#", "subtask", "score", "tests")
    for s in p.subtasks:
        subtasks.add_row(str(s.index), s.name, f"{s.max_score:g}", str(len(s.tests)))
    console.print(subtasks)
    console.print(f"max score {p.max_score:g}", markup=False)


def _task_type(p: Problem) -> str:
    if p.batch is not None:
        io = (
            "stdio" if p.batch.input_file is None else f"{p.batch.input_file}/{p.batch.output_file}"
        )
        return f"{p.task_type.value} ({p.batch.compilation}, {p.batch.evaluation}, {io})"
    if p.communication is not None:
        c = p.communication
        return f"{p.task_type.value} ({c.num_processes} processes, {c.user_io})"
    return p.task_type.value


@problems_app.command("delete")
def delete_command(problem_id: Annotated[str, typer.Argument(help="Problem id.")]) -> None:
    """Delete a problem and all its versions."""
    try:
        cli = _store(Settings())
        cli.store.delete(problem_id)
        if cli.service is not None:
            cli.service.delete(problem_id)
    except ProblemNotFound as exc:
        raise _fail(str(exc)) from None
    console.print(f"deleted {problem_id}", markup=False)
