"""``ioi-judge evaluate`` and ``ioi-judge problems verify``: local judging, no Redis."""

from __future__ import annotations

import contextlib
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from judge.cli.store import open_store
from judge.grading.evaluate import EvaluateOptions, Evaluator, UnknownSubtask
from judge.grading.runtime import judge_env
from judge.grading.tasktypes import UnsupportedLanguage
from judge.grading.tasktypes.base import Submission
from judge.grading.verify import verify_problem
from judge.importers import ImportFailed, import_problem
from judge.languages.registry import language_for_file
from judge.problems.model import TaskType
from judge.problems.store import ProblemNotFound, ProblemStore, StoredProblem
from judge.settings import Settings
from judge.wire.results import SubmissionResult
from judge.wire.submissions import output_file_test
from judge.wire.verify import SolutionCheck

console = Console()
err_console = Console(stderr=True)



def fail(message: str) -> typer.Exit:
    err_console.print(f"error: {message}", highlight=False, markup=False, soft_wrap=True)
    return typer.Exit(1)


@contextlib.contextmanager
def resolve_problem(settings: Settings, spec: str) -> Iterator[StoredProblem]:
    """A stored problem id, or a package path imported into a throwaway store."""
    path = Path(spec)
    if not path.exists():
        say = partial(err_console.print, markup=False, highlight=False, soft_wrap=True)
        yield open_store(settings, say=say).store.get(spec)
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="evaluate-", dir=settings.data_dir) as tmp:
        store = ProblemStore(Path(tmp) / "problems")
        yield import_problem(path, store, settings.archive)


class BadSubmissionFiles(ValueError):
    """The files given do not make a submission for the problem."""


FILE_TASK_TYPES = (TaskType.OUTPUT_ONLY, TaskType.BATCH_AND_OUTPUT)


def read_submission(stored: StoredProblem, paths: list[Path], language: str | None) -> Submission:
    """A Batch or Communication submission is one source file. An OutputOnly one
    is output files, a BatchAndOutput one a source and/or output files: given as
    files, folders or zips of them, named ``output_<test>.txt`` (or ``<test>.out``)."""
    kind = stored.problem.task_type
    if kind not in FILE_TASK_TYPES:
        if len(paths) != 1:
            raise BadSubmissionFiles(f"a {kind.value} problem takes one source file")
        return _source(paths[0].name, paths[0].read_text(errors="replace"), language)
    tests = {t.name for t in stored.problem.tests}
    outputs: dict[str, str] = {}
    sources: list[Submission] = []
    for name, text in _entries(paths):
        test = output_file_test(name) or (name.removesuffix(".out") if name.endswith(".out")
                                          else None)
        if test is None:
            sources.append(_source(name, text, language))
        elif test not in tests:
            raise BadSubmissionFiles(f"{name}: problem {stored.problem.id!r} has no test {test!r}")
        else:
            outputs[test] = text
    if kind is TaskType.OUTPUT_ONLY and sources:
        raise BadSubmissionFiles("an OutputOnly problem takes output files "
                                 f"(output_<test>.txt), not a source: {_names(paths)}")
    if len(sources) > 1:
        raise BadSubmissionFiles(f"more than one source among {_names(paths)}")
    source = sources[0] if sources else Submission(language=language or "")
    if not source.source and not outputs:
        raise BadSubmissionFiles(f"no source and no output files in {_names(paths)}")
    return source.model_copy(update={"outputs": outputs})


def _source(name: str, text: str, language: str | None) -> Submission:
    found = language_for_file(name)
    lang = language or (found.name if found else None)
    if lang is None:
        raise UnsupportedLanguage(
            f"cannot tell the language of {name}; use --language (an output file is "
            "named output_<test>.txt)")
    return Submission(language=lang, source=text)


def _entries(paths: list[Path]) -> list[tuple[str, str]]:
    """(file name, text) of every file given: the file itself, a folder's files,
    a zip's entries."""
    entries: list[tuple[str, str]] = []
    for path in paths:
        try:
            entries += _files_of(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise BadSubmissionFiles(f"cannot read {path}: {exc}") from None
    return entries


def _files_of(path: Path) -> list[tuple[str, str]]:
    if path.is_dir():
        return [(p.name, p.read_text(errors="replace"))
                for p in sorted(path.iterdir()) if p.is_file()]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            return [(Path(n).name, zf.read(n).decode(errors="replace"))
                    for n in zf.namelist() if not n.endswith("/")]
    return [(path.name, path.read_text(errors="replace"))]


def _names(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths)


def evaluate(
    problem: Annotated[str, typer.Argument(help="Stored problem id, or a package path.")],
    files: Annotated[list[Path], typer.Argument(
        help="The source file; for OutputOnly and BatchAndOutput, output files "
        "(output_<test>.txt) and/or a source, as files, folders or zips.")],
    language: Annotated[str | None, typer.Option(help="cpp17, cpp20 or python3.")] = None,
    subtask: Annotated[str | None, typer.Option(help="Judge only this subtask.")] = None,
    early_stop: Annotated[
        bool | None, typer.Option("--early-stop/--no-early-stop", help="Stop at a zero.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Judge FILES against PROBLEM locally and print the result."""
    settings = Settings()
    missing = [str(path) for path in files if not path.exists()]
    if missing:
        raise fail(f"no such file: {', '.join(missing)}")
    options = EvaluateOptions(subtask=subtask, early_stop=early_stop)
    try:
        with resolve_problem(settings, problem) as stored, judge_env(settings) as env:
            submission = read_submission(stored, files, language)
            result = Evaluator(env).evaluate(stored, submission, options)
    except (ImportFailed, ProblemNotFound, UnknownSubtask, UnsupportedLanguage,
            BadSubmissionFiles) as exc:
        raise fail(str(exc)) from None
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        print_result(result)


def print_result(result: SubmissionResult) -> None:
    c = result.compile
    console.print(
        f"[bold]{result.problem}[/] (version {result.problem_version}) "
        f"{result.language}: compile {c.status.value}"
        + (" (cached)" if c.cached else f" in {c.time:.2f}s")
    )
    if c.status.value != "OK" and c.message:
        console.print(c.message, markup=False, highlight=False)
    tests = Table("test", "verdict", "score", "cpu s", "wall s", "memory MiB", "message")
    for t in result.tests:
        tests.add_row(
            t.name, t.status.value, f"{t.score:g}", f"{t.cpu_time:.3f}", f"{t.wall_time:.3f}",
            f"{t.memory / 2**20:.1f}", t.message[:60],
        )
    console.print(tests)
    subs = Table("subtask", "status", "score", "max")
    for s in result.subtasks:
        subs.add_row(f"{s.index} {s.name}", s.status.value, f"{s.score:g}", f"{s.max_score:g}")
    console.print(subs)
    console.print(f"[bold]score {result.score:g} / {result.max_score:g}[/]")
    for warning in result.warnings:
        err_console.print(f"warning: {warning}", markup=False)


def verify(
    problem: Annotated[str, typer.Argument(help="Stored problem id, or a package path.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    early_stop: Annotated[
        bool, typer.Option("--early-stop/--no-early-stop", help="Stop subtasks at a zero.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on verdict notes and package errors too.")
    ] = False,
) -> None:
    """Judge every reference solution and check it against its category: the
    score it promises (required) and the verdict it names (a note unless --strict)."""
    settings = Settings()

    def row(check: SolutionCheck) -> None:
        if not as_json:
            verdicts = " ".join(v.value for v in check.verdicts)
            mark = _verify_mark(check, strict)
            console.print(
                f"{check.category:18} {Path(check.path).name:40} "
                f"{check.score:g}/{check.max_score:g}  {verdicts:20} {check.seconds:6.1f}s  {mark}",
                markup=False, highlight=False, soft_wrap=True,
            )
            for expected in check.expectations:
                console.print(f"    expects {expected.category} on subtask {expected.subtask} "
                              f"({expected.source})", markup=False, highlight=False)
            for mismatch in check.mismatches[1:]:
                also = "package error" if mismatch.refuted else "also"
                console.print(f"    {also}: {mismatch.line()}", markup=False, highlight=False,
                              soft_wrap=True)

    try:
        with resolve_problem(settings, problem) as stored, judge_env(settings) as env:
            report = verify_problem(Evaluator(env), stored, on_solution=row, early_stop=early_stop)
    except (ImportFailed, ProblemNotFound) as exc:
        raise fail(str(exc)) from None
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        bad = sum(not s.ok for s in report.solutions)
        package = sum(s.ok and s.package_error for s in report.solutions)
        notes = sum(s.ok and not s.verdict_ok for s in report.solutions)
        skipped = sum(s.skipped for s in report.solutions)
        console.print(
            f"{report.problem}: {len(report.solutions)} solutions, {bad} score mismatches, "
            f"{package} package errors, {notes} verdict notes, {skipped} skipped, "
            f"{report.seconds:.1f}s"
        )
    if not (report.strict_ok if strict else report.ok):
        raise typer.Exit(1)


def _verify_mark(check: SolutionCheck, strict: bool) -> str:
    if check.skipped:
        return check.reason
    if not check.ok:
        return f"MISMATCH: {check.reason}"
    if check.package_error and check.verdict_ok:
        return f"PACKAGE ERROR: {check.reason}"
    if not check.verdict_ok:
        return f"{'MISMATCH' if strict else 'ok, verdict note'}: {check.reason}"
    return "ok"
