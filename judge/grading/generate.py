"""Output files made by a reference program, for OutputOnly and the output-only
tests of BatchAndOutput.

A contestant of such a task submits output files, but a package's reference
"solutions" are programs (TPS nowruz: ``solution/*.cpp`` read a test's input on
stdin and print the output file). As TPS does, ``problems verify`` first runs
the program on each output-only test's input, under the problem's limits (TPS
uses ``time_limit`` for that, 100 s in nowruz), and then judges the files it
printed as a contestant's output files. A test where the program fails gets no
file, so it scores as a missing output; the failure is kept as evidence.
"""

from __future__ import annotations

from pydantic import BaseModel

from judge.grading.tasktypes import steps, task_type_for
from judge.grading.tasktypes.base import JudgeEnv, Submission, UnsupportedLanguage
from judge.problems.model import TaskType, TestCase
from judge.problems.store import StoredProblem

STDOUT = "stdout.txt"


class GeneratedOutputs(BaseModel):
    """Output files by test name; ``failures`` says why a test has none."""

    outputs: dict[str, str] = {}
    failures: dict[str, str] = {}
    compile_error: str = ""


def output_only_tests(stored: StoredProblem) -> list[TestCase]:
    """The tests a submission of this problem answers with an output file."""
    problem = stored.problem
    if problem.task_type is TaskType.OUTPUT_ONLY:
        return list(problem.tests)
    if problem.task_type is TaskType.BATCH_AND_OUTPUT and problem.batch is not None:
        names = set(problem.batch.output_only_tests)
        return [t for t in problem.tests if t.name in names]
    return []


def reference_submission(
    env: JudgeEnv, stored: StoredProblem, language: str, source: str
) -> tuple[Submission, GeneratedOutputs]:
    """The submission a reference program stands for: its source (a task that
    compiles one) and the output files it prints for the output-only tests."""
    tests = output_only_tests(stored)
    generated = generate_outputs(env, stored, language, source, tests) if tests else None
    keep_source = stored.problem.task_type is not TaskType.OUTPUT_ONLY
    submission = Submission(
        language=language,
        source=source if keep_source else "",
        outputs=generated.outputs if generated else {},
    )
    return submission, generated or GeneratedOutputs()


def generate_outputs(
    env: JudgeEnv, stored: StoredProblem, language: str, source: str, tests: list[TestCase]
) -> GeneratedOutputs:
    """Compile ``source`` as the task type compiles a submission (with the
    grader where it has one) and run it on each test's input (stdin -> stdout)."""
    task = task_type_for(env, stored)
    try:
        program = task.compile_submission(Submission(language=language, source=source))
    except UnsupportedLanguage as exc:
        return GeneratedOutputs(compile_error=str(exc))
    if not program.info.ok:
        lines = program.info.message.strip().splitlines()
        error = next((line for line in lines if "error" in line.lower()), lines[0] if lines else "")
        return GeneratedOutputs(compile_error=error[:300] or "compilation failed")
    found = GeneratedOutputs()
    for test in tests:
        with env.sandbox.box() as box:
            spec = program.executable.run_spec(
                box,
                args=[],
                limits=steps.user_limits(env, stored.problem),
                stdin=stored.path(test.input),
                stdout=box.path / STDOUT,
                stderr=box.path / "stderr.txt",
            )
            run = box.run(spec)
            failure = steps.failed_run(test.name, run)
            if failure is not None:
                found.failures[test.name] = f"{failure.status.value} {failure.message}".strip()
                continue
            found.outputs[test.name] = steps.read_text(box.path / STDOUT,
                                                       env.settings.output_limit_bytes)
    return found


def generation_note(generated: GeneratedOutputs) -> str:
    """Why the reference program left output files out (OutputOnly tests)."""
    if generated.compile_error:
        return f"the program making the output files does not compile: {generated.compile_error}"
    return "; ".join(f"no output file for {test}: {why}"
                     for test, why in sorted(generated.failures.items()))
