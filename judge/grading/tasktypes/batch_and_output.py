"""BatchAndOutput (CMS's task type of the same name): Batch and OutputOnly in one.

A submission is a source, output files (``output_<test>.txt``), or both. Per test,
as CMS's ``BatchAndOutput.evaluate`` decides it:

1. a submitted file for the test is judged, whatever the test;
2. else an output-only test (``batch.output_only_tests``) scores 0: "File not submitted";
3. else the program runs on it, as in Batch, when a source was given;
4. else the test scores 0: "File not submitted".

The checker gets ``outputonly`` (an output-only test) or ``batch`` (any other)
after its three files. Without a source nothing is compiled ("No compilation
needed"); a source that does not compile fails the whole submission (CE), its
files included, as in CMS, which evaluates nothing after a failed compilation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from judge.grading.tasktypes.base import Prepared, Submission
from judge.grading.tasktypes.batch import Batch
from judge.languages import CompiledProgram
from judge.problems.model import TestCase
from judge.sandbox import RunResult, RunStatus
from judge.wire.results import CompileInfo, CompileStatus, TestResult, Verdict
from judge.wire.submissions import output_file_name

OUTPUT_ONLY_ARG, BATCH_ARG = "outputonly", "batch"
_NO_RUN = RunResult(status=RunStatus.OK)


@dataclass
class _Submitted:
    program: CompiledProgram | None
    checker: Path | None
    outputs: dict[str, str]


class BatchAndOutput(Batch):
    name = "BatchAndOutput"

    def prepare_submission(self, submission: Submission) -> Prepared:
        if not submission.source:
            info = CompileInfo(status=CompileStatus.OK, message="No compilation needed")
            return Prepared(info, _Submitted(None, self.checker(), submission.outputs))
        program = self.compile_submission(submission)
        if not program.info.ok:
            return Prepared(program.info)
        return Prepared(program.info, _Submitted(program, self.checker(), submission.outputs))

    def run_test(self, prepared: Prepared, test: TestCase) -> TestResult:
        submitted: _Submitted = prepared.payload
        output_only = test.name in self.params.output_only_tests
        args = [OUTPUT_ONLY_ARG if output_only else BATCH_ARG]
        content = submitted.outputs.get(test.name)
        if content is not None:
            with self.env.sandbox.box() as box:
                output = box.path / "submitted.out"
                output.write_text(content)
                return self.check(submitted.checker, test, output, _NO_RUN, args)
        if output_only:
            return not_submitted(test.name, "an output-only test")
        if submitted.program is None:
            return not_submitted(test.name, "no source to run")
        return self.run_and_check(submitted.program, submitted.checker, test, args)


def not_submitted(test: str, why: str) -> TestResult:
    """A test with no file and nothing to run: 0, as CMS's "File not submitted"."""
    return TestResult(
        name=test,
        status=Verdict.WA,
        score=0.0,
        message=f"File not submitted ({output_file_name(test)}: {why})",
    )
