"""Batch: one contestant process per test, compiled alone or with the grader;
input on stdin (or a named file), output on stdout (or a named file), judged by
the problem's checker or by whitespace-token comparison."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from judge.grading.checking import CheckerFailure, tokens_equal
from judge.grading.tasktypes import steps
from judge.grading.tasktypes.base import Prepared, TaskTypeBase
from judge.languages import CompiledProgram
from judge.problems.model import BatchParams, Problem, TestCase
from judge.sandbox import Box, RunResult, RunSpec
from judge.wire.results import TestResult

STDERR = "stderr.txt"  # the program's stderr, kept as CMS keeps it


@dataclass
class _Compiled:
    program: CompiledProgram
    checker: Path | None


class Batch(TaskTypeBase):
    name = "Batch"

    @classmethod
    def needs_grader(cls, problem: Problem) -> bool:
        return (problem.batch or BatchParams()).compilation == "grader"

    @property
    def params(self) -> BatchParams:
        return self.problem.batch or BatchParams()

    def prepare_compiled(self, program: CompiledProgram) -> Prepared:
        return Prepared(program.info, _Compiled(program, self.checker()))

    def run_test(self, prepared: Prepared, test: TestCase) -> TestResult:
        compiled: _Compiled = prepared.payload
        return self.run_and_check(compiled.program, compiled.checker, test)

    def checker(self) -> Path | None:
        """The compiled checker, when the problem's outputs are judged by one."""
        if self.params.evaluation == "checker" and self.problem.checker is not None:
            return self.compile_trusted(self.problem.checker, "checker")
        return None

    def run_and_check(
        self,
        program: CompiledProgram,
        checker: Path | None,
        test: TestCase,
        checker_args: Sequence[str] = (),
    ) -> TestResult:
        """Run the program on the test in a box of its own and judge its output."""
        with self.env.sandbox.box() as box:
            run = self._run(box, program, test)
            failure = steps.failed_run(test.name, run)
            if failure is not None:
                return steps.with_stderr_tail(failure, box.path / STDERR,
                                              self.env.settings.stderr_tail_lines)
            output = box.path / (self.params.output_file or "stdout.txt")
            return self.check(checker, test, output, run, checker_args)

    def _run(self, box: Box, program: CompiledProgram, test: TestCase) -> RunResult:
        input_path = self.stored.path(test.input)
        stdin: Path | None = input_path
        if self.params.input_file:
            shutil.copyfile(input_path, box.path / self.params.input_file)
            stdin = None
        stdout = None if self.params.output_file else box.path / "stdout.txt"
        spec: RunSpec = program.executable.run_spec(
            box,
            args=[],
            limits=steps.user_limits(self.env, self.problem),
            stdin=stdin,
            stdout=stdout,
            stderr=box.path / STDERR,
        )
        return box.run(spec)

    def check(
        self,
        checker: Path | None,
        test: TestCase,
        output: Path,
        run: RunResult,
        checker_args: Sequence[str] = (),
    ) -> TestResult:
        """Judge ``output`` by the checker (given ``checker_args`` after the three
        files) or, without one, by token comparison with the expected output."""
        expected = self.stored.path(test.output) if test.output else None
        if checker is None:
            if expected is None:
                return steps.judge_error(test.name, f"test {test.name} has no expected output")
            ok = tokens_equal(expected, output)
            message = "Output is correct" if ok else "Output isn't correct"
            return steps.scored_result(test.name, 1.0 if ok else 0.0, message, run)
        if not output.exists():
            output.touch()
        try:
            score, message = steps.run_checker(
                self.env,
                checker,
                self.stored.path(test.input),
                expected if expected is not None else self.stored.path(test.input),
                output,
                checker_args,
            )
        except CheckerFailure as exc:
            return steps.judge_error(test.name, str(exc), run)
        return steps.scored_result(test.name, score, message, run)
