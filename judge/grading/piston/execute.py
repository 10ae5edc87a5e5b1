"""Judge one Piston ``execute`` request: plan it (:func:`plan_job`, also used by
the API to refuse a bad request before it is queued), write its files as a
one-test problem, evaluate with the usual :class:`Evaluator` (compile cache:
the same submission and graders sent for each test compile once), and answer in
the runtime's output contract.

The answer's ``run`` stage is the package's: the test's score (0 to 1) on the
first line of stdout and the feedback on stderr, with the wording Open R1's
parser looks for (``Output isn't correct``, ``Time limit exceeded``, ``Memory
limit exceeded``), exit code 0. A compilation error is a ``compile`` stage with
code 1 and the compiler's message. A checker or manager of the request that
does not compile is the request's fault (:class:`PistonRequestError`, a 400).
A judge failure (a checker or manager that misbehaves, the sandbox failing)
raises :class:`PistonJudgeError`: the service answers it with an error status and a
``message``, which Open R1's client raises on, never a silent zero."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from judge.grading.evaluate import EvaluateOptions, Evaluator
from judge.grading.piston.client_programs import ClientProgramsCompiler
from judge.grading.piston.files import JobFiles, PistonRequestError
from judge.grading.piston.plan import JobPlan
from judge.grading.piston.runtimes import Runtime, find_runtime
from judge.grading.tasktypes.base import JudgeEnv, Submission
from judge.problems.model import Problem, compute_version
from judge.problems.store import StoredProblem
from judge.wire.piston import PistonExecuteRequest, PistonExecuteResponse, PistonStage
from judge.wire.results import CompileStatus, SubmissionResult, TestResult, Verdict

PROBLEM_ID = "piston"
FEEDBACK = {
    Verdict.AC: "Output is correct",
    Verdict.PA: "Output is partially correct",
    Verdict.WA: "Output isn't correct",
    Verdict.TLE: "Time limit exceeded",
    Verdict.MLE: "Memory limit exceeded",
    Verdict.OLE: "Output limit exceeded",
    Verdict.RE: "Runtime error",
}
PISTON_STATUS = {Verdict.TLE: "TO", Verdict.RE: "RE", Verdict.OLE: "OL", Verdict.MLE: "ML"}


class PistonJudgeError(RuntimeError):
    """The judge could not judge the request (an HTTP 500 with this message)."""


def plan_job(request: PistonExecuteRequest, max_bytes: int) -> tuple[Runtime, JobPlan]:
    """The runtime and the plan of a request; PistonRequestError if it cannot be judged."""
    runtime = find_runtime(request.language, request.version)
    files = JobFiles.decode(request.files, max_bytes)
    plan = runtime.plan(files, request)
    try:
        Problem.model_validate({"id": PROBLEM_ID, "name": PROBLEM_ID, **plan.fields})
    except ValueError as exc:
        raise PistonRequestError(f"cannot judge these files: {exc}") from None
    return runtime, plan


class PistonExecutor:
    """Judges Piston requests with one process's judging machinery."""

    def __init__(self, env: JudgeEnv) -> None:
        self.compiler = ClientProgramsCompiler(env.settings, env.sandbox)
        self.env = JudgeEnv(settings=env.settings, sandbox=env.sandbox, compiler=self.compiler)
        self.evaluator = Evaluator(self.env)
        self.scratch = env.settings.data_dir / "tmp"

    def execute(self, request: PistonExecuteRequest) -> PistonExecuteResponse:
        runtime, plan = plan_job(request, self.env.settings.piston_max_files_bytes)
        self.compiler.reset()
        result = self.judge(plan)
        if self.compiler.failure is not None:  # the request's checker or manager
            raise PistonRequestError(self.compiler.failure)
        return answer(runtime, result)

    def judge(self, plan: JobPlan) -> SubmissionResult:
        self.scratch.mkdir(parents=True, exist_ok=True)
        root = Path(tempfile.mkdtemp(prefix="piston-", dir=self.scratch))
        try:
            plan.files.write(root)
            problem = Problem.model_validate(
                {"id": PROBLEM_ID, "name": PROBLEM_ID, **plan.fields})
            problem.version = compute_version(problem, root)
            submission = Submission(language=plan.language, source=plan.source)
            return self.evaluator.evaluate(StoredProblem(problem, root), submission,
                                           EvaluateOptions(concurrency=1))
        finally:
            shutil.rmtree(root, ignore_errors=True)


def answer(runtime: Runtime, result: SubmissionResult) -> PistonExecuteResponse:
    """The response of a judged request (PistonJudgeError on a judge failure)."""
    info = result.compile
    if info.status is CompileStatus.SE:
        raise PistonJudgeError(f"judge error while compiling: {info.message}")
    compile_ms = round(info.time * 1000, 3)
    if not info.ok:
        return PistonExecuteResponse(
            language=runtime.language, version=runtime.version,
            compile=PistonStage.of("", info.message, code=1, wall_time=compile_ms),
            run=PistonStage.of("", "", code=None, message="not run: compilation failed"),
        )
    test = result.tests[0]
    if test.status is Verdict.SE:
        raise PistonJudgeError(f"judge error: {test.message}")
    return PistonExecuteResponse(
        language=runtime.language, version=runtime.version,
        compile=PistonStage.of("", "", code=0, wall_time=compile_ms),
        run=run_stage(test),
    )


def run_stage(test: TestResult) -> PistonStage:
    return PistonStage.of(
        f"{score_text(test.score)}\n", feedback(test) + "\n", code=0,
        status=PISTON_STATUS.get(test.status),
        cpu_time=round(test.cpu_time * 1000, 3), wall_time=round(test.wall_time * 1000, 3),
        memory=test.memory,
    )


def score_text(score: float) -> str:
    """``1`` and ``0`` as integers (Open R1's CodeForces scorer compares the line
    with ``"1"``), other scores with up to 10 significant digits."""
    return format(score, ".10g")


def feedback(test: TestResult) -> str:
    """The verdict's words, then the checker's or program's own message."""
    words = FEEDBACK.get(test.status, test.status.value)
    detail = test.message.strip()
    if detail and detail != words:
        words = f"{words}: {detail}" if test.status is not Verdict.AC else detail
    if test.stderr.strip():
        words += "\n" + test.stderr.strip()
    return words
