"""Steps shared by the task types (as CMS's ``cms/grading/steps``): gather the
grader files a language needs, compile a submission, turn a sandbox result into
a verdict, and run a checker."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from judge.grading.checking import CheckerFailure, parse_checker_output
from judge.grading.scoring import verdict_for_score
from judge.grading.tasktypes.base import JudgeEnv
from judge.languages.python3 import PYTHON
from judge.problems.model import Problem
from judge.sandbox import Limits, RunResult, RunSpec, RunStatus
from judge.wire.results import TestResult, Verdict


def user_limits(env: JudgeEnv, problem: Problem) -> Limits:
    """Limits of one contestant process: the problem's CPU time and memory, a
    wall limit of ``time_limit x wall_time_factor + wall_time_slack`` (CMS:
    ``2 x time_limit + 1``, see docs/cms-differences.md) and
    ``Settings.user_processes`` processes and threads (CMS: 1)."""
    settings = env.settings
    return Limits(
        cpu_time=problem.time_limit,
        wall_time=problem.time_limit * settings.wall_time_factor + settings.wall_time_slack,
        memory=problem.memory_limit,
        processes=settings.user_processes,
        output=settings.output_limit_bytes,
    )


def trusted_limits(env: JudgeEnv, cpu_time: float | None = None) -> Limits:
    """Limits for the problem's own programs (checker, manager): generous, but
    bounded, so that a broken checker cannot hang a worker."""
    settings = env.settings
    cpu = cpu_time if cpu_time is not None else settings.trusted_cpu_seconds
    return Limits(
        cpu_time=cpu,
        wall_time=cpu * 2 + 5,
        memory=settings.trusted_memory_bytes,
        processes=4,
        output=settings.output_limit_bytes,
    )


def manager_limits(env: JudgeEnv, problem: Problem, num_processes: int) -> Limits:
    """A Communication manager's limits, as CMS sets them: CPU time
    ``max(n x (time_limit + 1), trusted CPU seconds)`` (the contestant processes'
    sum is only checked once they have all ended), wall ``2 x that + 1``, the
    trusted memory, and a descriptor for each of its ``2n`` FIFOs."""
    settings = env.settings
    cpu = max(num_processes * (problem.time_limit + 1.0), settings.trusted_cpu_seconds)
    return Limits(
        cpu_time=cpu,
        wall_time=2 * cpu + 1,
        memory=settings.trusted_memory_bytes,
        processes=4,
        output=settings.output_limit_bytes,
        open_files=64 + 2 * num_processes,
    )


def failed_run(name: str, run: RunResult) -> TestResult | None:
    """The verdict of a contestant run that did not end normally, else None."""
    status = {
        RunStatus.TLE: Verdict.TLE,
        RunStatus.MLE: Verdict.MLE,
        RunStatus.RE: Verdict.RE,
        RunStatus.SIG: Verdict.RE,
        RunStatus.OLE: Verdict.OLE,
        RunStatus.SE: Verdict.SE,
    }.get(run.status)
    if status is None:
        return None
    return TestResult(
        name=name,
        status=status,
        score=0.0,
        message=describe_failure(run),
        cpu_time=run.cpu_time,
        wall_time=run.wall_time,
        memory=run.memory,
    )


def with_stderr_tail(failure: TestResult, stderr: Path, lines: int) -> TestResult:
    """A runtime error with the last ``lines`` lines of the program's stderr (a
    Python traceback says why; a message alone says only "exit code 1")."""
    if failure.status is not Verdict.RE or lines <= 0:
        return failure
    tail = read_tail(stderr).rstrip("\n").splitlines()[-lines:]
    return failure.model_copy(update={"stderr": "\n".join(tail)[-4000:]})


def describe_failure(run: RunResult) -> str:
    if run.limit_hit == "processes":  # the sandbox's message says what was refused
        return run.message
    if run.status is RunStatus.TLE:
        return f"Time limit exceeded ({run.limit_hit or 'cpu'})"
    if run.status is RunStatus.MLE:
        return "Memory limit exceeded"
    if run.status is RunStatus.OLE:
        return "Output limit exceeded"
    if run.status is RunStatus.SIG:
        return f"Killed by signal {run.signal}"
    if run.status is RunStatus.RE:
        return f"Exited with code {run.exit_code}"
    return f"Sandbox error: {run.message}"


def scored_result(name: str, score: float, message: str, run: RunResult) -> TestResult:
    return TestResult(
        name=name,
        status=verdict_for_score(score),
        score=score,
        message=message,
        cpu_time=run.cpu_time,
        wall_time=run.wall_time,
        memory=run.memory,
    )


def judge_error(name: str, message: str, run: RunResult | None = None) -> TestResult:
    return TestResult(
        name=name,
        status=Verdict.SE,
        score=0.0,
        message=message,
        cpu_time=run.cpu_time if run else 0.0,
        wall_time=run.wall_time if run else 0.0,
        memory=run.memory if run else 0,
    )


def run_checker(
    env: JudgeEnv,
    checker: Path,
    input_file: Path,
    expected: Path,
    output: Path,
    extra_args: Sequence[str] = (),
) -> tuple[float, str]:
    """Run a CMS-convention checker in a box of its own; raise CheckerFailure on
    anything but a clean score. ``extra_args`` follow the three files (CMS's
    BatchAndOutput passes ``outputonly`` or ``batch``)."""
    with env.sandbox.box() as box:
        for name, src in (("input", input_file), ("correct", expected), ("output", output)):
            shutil.copyfile(src, box.path / name)
        command, executable = checker_command(checker, box.path)
        run = box.run(
            RunSpec(
                argv=[*command, "input", "correct", "output", *extra_args],
                executable=executable,
                limits=trusted_limits(env),
                stdout=box.path / "checker.out",
                stderr=box.path / "checker.err",
            )
        )
        if run.status is not RunStatus.OK:
            raise CheckerFailure(f"checker failed: {describe_failure(run)}")
        stdout = read_text(box.path / "checker.out")
        stderr = read_text(box.path / "checker.err")
    return parse_checker_output(stdout, stderr)


def checker_command(checker: Path, box: Path) -> tuple[list[str], Path | None]:
    """How a checker starts: a binary is exec'd from its host path; a Python
    script (a Piston client's ``checker.py``) is copied into the box and run by
    the system python3."""
    if checker.suffix != ".py":
        return ["checker"], checker
    shutil.copyfile(checker, box / "checker.py")
    return [PYTHON, "-B", "-s", "-E", "checker.py"], None


def read_tail(path: Path, limit: int = 16 * 1024) -> str:
    """The last ``limit`` bytes of a file, as text ("" if there is none)."""
    try:
        with open(path, "rb") as f:
            f.seek(max(0, f.seek(0, os.SEEK_END) - limit))
            return f.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""


def read_text(path: Path, limit: int = 64 * 1024) -> str:
    try:
        with open(path, "rb") as f:
            return f.read(limit).decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""
