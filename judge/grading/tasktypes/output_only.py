"""OutputOnly: the submission is one output file per test, judged by the
problem's checker or by whitespace-token comparison. Nothing is compiled or run."""

from __future__ import annotations

from pathlib import Path

from judge.grading.checking import CheckerFailure, tokens_equal
from judge.grading.tasktypes import steps
from judge.grading.tasktypes.base import Prepared, Submission, TaskTypeBase
from judge.grading.tasktypes.batch_and_output import not_submitted
from judge.problems.model import TestCase
from judge.sandbox import RunResult, RunStatus
from judge.wire.results import CompileInfo, CompileStatus, TestResult

_NO_RUN = RunResult(status=RunStatus.OK)


class OutputOnly(TaskTypeBase):
    name = "OutputOnly"

    def prepare_submission(self, submission: Submission) -> Prepared:
        checker: Path | None = None
        if self.problem.checker is not None:
            checker = self.compile_trusted(self.problem.checker, "checker")
        info = CompileInfo(status=CompileStatus.OK, message="No compilation needed")
        return Prepared(info, (submission.outputs, checker))

    def run_test(self, prepared: Prepared, test: TestCase) -> TestResult:
        outputs, checker = prepared.payload
        content = outputs.get(test.name)
        if content is None:
            return not_submitted(test.name, "an output-only test")
        with self.env.sandbox.box() as box:
            output = box.path / "submitted.out"
            output.write_text(content)
            expected = self.stored.path(test.output) if test.output else None
            if checker is None:
                if expected is None:
                    return steps.judge_error(test.name, "test has no expected output")
                ok = tokens_equal(expected, output)
                message = "Output is correct" if ok else "Output isn't correct"
                return steps.scored_result(test.name, 1.0 if ok else 0.0, message, _NO_RUN)
            inp = self.stored.path(test.input)
            try:
                score, message = steps.run_checker(
                    self.env, checker, inp, expected or inp, output
                )
            except CheckerFailure as exc:
                return steps.judge_error(test.name, str(exc))
            return steps.scored_result(test.name, score, message, _NO_RUN)
