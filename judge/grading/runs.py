"""Judging a run (``/v1/runs``): a source on tests given with the request.

The submission is compiled once through the compile cache (same command line
and precompiled header as problem submissions), then each test runs in a box
of its own and its stdout is compared with the expected output
(:func:`judge.grading.checking.outputs_match`) or judged by the run's checker.
The checker is the client's code, so it is compiled and run in the sandbox like
a submission (through the same cache: 16 completions of one prompt build it once).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from judge.grading.checking import CheckerFailure, outputs_match, parse_checker_output
from judge.grading.tasktypes import steps
from judge.grading.tasktypes.base import JudgeEnv
from judge.languages import CompiledProgram
from judge.languages.registry import find_language
from judge.sandbox import Limits, RunResult, RunStatus
from judge.wire.results import CompileInfo, CompileStatus, Verdict
from judge.wire.runs import CheckerSpec, RunRequest, RunTest, RunTestResult, parse_compare
from judge.wire.runs import RunResult as RunOutcome

MiB = 1024 * 1024
_TESTLIB_REJECT = {1: Verdict.WA, 2: Verdict.WA}  # testlib _wa, _pe


class RunGrader:
    """Judges runs with one process's sandbox and compiler."""

    def __init__(self, env: JudgeEnv) -> None:
        self.env = env

    def grade(self, request: RunRequest, tests: list[RunTest]) -> RunOutcome:
        """The run's result; never raises for anything in the source or checker
        (an unknown language is a ValueError the API checks first)."""
        program = self.env.compiler.compile(find_language(request.language), request.source)
        if not program.info.ok:
            verdict = Verdict.CE if program.info.status is CompileStatus.CE else Verdict.SE
            return RunOutcome(verdict=verdict, passed=0, total=len(tests), compile=program.info)
        checker = None
        if request.checker is not None:
            checker = self._checker(request.checker)
            if not checker.info.ok:
                info = CompileInfo(status=CompileStatus.SE,
                                   message="the checker does not compile: " + checker.info.message)
                return RunOutcome(verdict=Verdict.SE, passed=0, total=len(tests), compile=info)
        results = self._run_all(request, program, checker, tests)
        return summarize(program.info, results)

    def _checker(self, spec: CheckerSpec) -> CompiledProgram:
        files = {name: text.encode() for name, text in spec.files.items()}
        return self.env.compiler.compile(find_language(spec.language), spec.source, files)

    def _run_all(self, request: RunRequest, program: CompiledProgram,
                 checker: CompiledProgram | None, tests: list[RunTest]) -> list[RunTestResult]:
        """Every test, ``settings.test_concurrency`` at a time; with
        ``stop_on_failure`` the tests not started by the first failure are SKIPPED."""
        failed = threading.Event()

        def one(test: RunTest) -> RunTestResult:
            if request.stop_on_failure and failed.is_set():
                return RunTestResult(status=Verdict.SKIPPED, message="skipped after a failure")
            result = self._run_test(request, program, checker, test)
            if result.status is not Verdict.AC:
                failed.set()
            return result

        workers = max(1, min(self.env.settings.test_concurrency, len(tests)))
        if workers == 1:
            return [one(t) for t in tests]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(one, tests))

    def _run_test(self, request: RunRequest, program: CompiledProgram,
                  checker: CompiledProgram | None, test: RunTest) -> RunTestResult:
        with self.env.sandbox.box() as box:
            (box.path / "input.txt").write_bytes(test.input.encode())
            output = box.path / "stdout.txt"
            spec = program.executable.run_spec(
                box, limits=self._limits(request), stdin=box.path / "input.txt",
                stdout=output, stderr=box.path / "stderr.txt")
            run = box.run(spec)
            failure = steps.failed_run("test", run)
            if failure is not None:
                failure = steps.with_stderr_tail(failure, box.path / "stderr.txt",
                                                 self.env.settings.stderr_tail_lines)
                message = failure.message + (f"\n{failure.stderr}" if failure.stderr else "")
                return _result(failure.status, message, run)
            if checker is not None and request.checker is not None:
                return self._check(request.checker, checker, test, output, run)
            mode, eps = parse_compare(request.compare)
            expected = test.output.encode()
            ok = output.is_file() and outputs_match(mode, eps, expected, output.read_bytes())
            if ok:
                return _result(Verdict.AC, "Output is correct", run)
            return _result(Verdict.WA, "Output isn't correct", run)

    def _check(self, spec: CheckerSpec, checker: CompiledProgram, test: RunTest,
               output: Path, run: RunResult) -> RunTestResult:
        """Judge ``output`` with the checker in a box of its own."""
        with self.env.sandbox.box() as box:
            (box.path / "input").write_bytes(test.input.encode())
            (box.path / "answer").write_bytes(test.output.encode())
            (box.path / "output").write_bytes(output.read_bytes() if output.is_file() else b"")
            files = ["input", "output", "answer"] if spec.protocol == "testlib" else [
                "input", "answer", "output"]
            checked = box.run(checker.executable.run_spec(
                box, args=files, limits=self._checker_limits(),
                stdout=box.path / "checker.out", stderr=box.path / "checker.err"))
            stdout = steps.read_text(box.path / "checker.out")
            stderr = steps.read_text(box.path / "checker.err")
        if spec.protocol == "testlib":
            return _testlib_verdict(checked, stdout + stderr, run)
        if checked.status is not RunStatus.OK:
            return _result(Verdict.SE, f"checker failed: {steps.describe_failure(checked)}", run)
        try:
            score, message = parse_checker_output(stdout, stderr)
        except CheckerFailure as exc:
            return _result(Verdict.SE, str(exc), run)
        return _result(Verdict.AC if score >= 1.0 else Verdict.WA, message, run)

    def _limits(self, request: RunRequest) -> Limits:
        settings = self.env.settings
        return Limits(
            cpu_time=request.time_limit,
            wall_time=request.time_limit * settings.wall_time_factor + settings.wall_time_slack,
            memory=request.memory_limit * MiB,
            processes=settings.user_processes,
            output=settings.output_limit_bytes,
        )

    def _checker_limits(self) -> Limits:
        limits = steps.trusted_limits(self.env)
        return limits.model_copy(update={"processes": max(limits.processes,
                                                          self.env.settings.user_processes)})


def _testlib_verdict(checked: RunResult, text: str, run: RunResult) -> RunTestResult:
    """testlib's exit codes: 0 ok, 1 wrong answer, 2 presentation error; a
    crash, a limit or any other code (3: the checker's own failure) is SE."""
    message = text.strip()[:500]
    if checked.status is RunStatus.OK:
        return _result(Verdict.AC, message or "ok", run)
    if checked.status is RunStatus.RE and checked.exit_code in _TESTLIB_REJECT:
        return _result(_TESTLIB_REJECT[checked.exit_code], message or "wrong answer", run)
    return _result(Verdict.SE, f"checker failed: {steps.describe_failure(checked)} {message}",
                   run)


def _result(status: Verdict, message: str, run: RunResult) -> RunTestResult:
    return RunTestResult(status=status, message=message, cpu_time=run.cpu_time,
                         wall_time=run.wall_time, memory=run.memory)


def summarize(info: CompileInfo, results: list[RunTestResult]) -> RunOutcome:
    """AC when every test passed, else the first non-AC (and not skipped) test's status."""
    passed = sum(r.status is Verdict.AC for r in results)
    failures = [r.status for r in results if r.status not in (Verdict.AC, Verdict.SKIPPED)]
    verdict = failures[0] if failures else Verdict.AC
    return RunOutcome(verdict=verdict, passed=passed, total=len(results), compile=info,
                      tests=results)
