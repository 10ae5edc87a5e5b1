"""Communication, as CMS's task type of that name
(``cms/grading/tasktypes/Communication.py``): a trusted manager and
``num_processes`` contestant processes connected by FIFOs.

For process ``i`` there are two FIFOs, ``u{i}_to_m`` and ``m_to_u{i}``. The
manager reads the test input on stdin and gets the FIFO paths as arguments
(``u0_to_m m_to_u0 u1_to_m m_to_u1 ...``); its stdout/stderr are the score and
message. Contestant process ``i`` gets its FIFOs as stdin/stdout (``std_io``)
or as the arguments ``m_to_u{i} u{i}_to_m`` (``fifo_io``), plus ``i`` when
there are several processes. A submission is linked with the problem's stub
(``compilation`` "stub") or is a whole program (``alone``).

The FIFOs live in the manager's box; for ``fifo_io`` they are hard-linked into
each contestant's box (boxes share one tmpfs), so no box can reach another's.
The ``num_processes + 1`` boxes are taken together (``Sandbox.boxes``).

Limits, as CMS sets them: each contestant process has the problem's CPU time
and memory on its own, and a wall limit of its own
(:func:`steps.user_limits`); the manager has :func:`steps.manager_limits`.
Every process runs until it ends or reaches its own limits: as CMS waits for
all of them, nothing is stopped when the manager ends.

The outcome is decided in CMS's order:

1. a sandbox failure of any process, or a manager that did not end normally
   (a limit, a signal, a nonzero exit): a judge error (SE; CMS fails the job);
2. the first contestant process, by index, that did not end normally: its
   verdict, score 0;
3. the contestant processes' CPU times summed reach the time limit (``>=``):
   TLE, score 0 (each process alone may have stayed under it);
4. otherwise the manager's score and message (unreadable output: SE); or, for
   IOI 2017 TPS tasks (``manager_output_to_checker``), the manager's output judged
   by the problem's checker, as TPS judged them (the manager prints a verdict and a
   transcript, not a score).

The usage recorded is CMS's merge of the contestant processes: CPU times and
memory summed, the longest wall time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from judge.grading.checking import CheckerFailure, parse_checker_output
from judge.grading.tasktypes import steps
from judge.grading.tasktypes.base import Prepared, TaskTypeBase
from judge.languages import CompiledProgram
from judge.problems.model import CommunicationParams, Problem, TestCase
from judge.sandbox import Box, RunResult, RunSpec, RunStatus
from judge.wire.results import TestResult, Verdict


@dataclass
class _Compiled:
    program: CompiledProgram
    manager: Path
    checker: Path | None = None


class Communication(TaskTypeBase):
    name = "Communication"

    @property
    def params(self) -> CommunicationParams:
        return self.problem.communication or CommunicationParams()

    @classmethod
    def needs_grader(cls, problem: Problem) -> bool:
        return (problem.communication or CommunicationParams()).compilation == "stub"

    def prepare_compiled(self, program: CompiledProgram) -> Prepared:
        assert self.problem.manager is not None  # the model requires one
        manager = self.compile_trusted(self.problem.manager, "manager")
        checker = None
        if self.params.manager_output_to_checker:
            assert self.problem.checker is not None  # the model requires one
            checker = self.compile_trusted(self.problem.checker, "checker")
        return Prepared(program.info, _Compiled(program, manager, checker))

    def run_test(self, prepared: Prepared, test: TestCase) -> TestResult:
        compiled: _Compiled = prepared.payload
        n = self.params.num_processes
        with self.env.sandbox.boxes(n + 1) as boxes:
            manager_box, user_boxes = boxes[0], boxes[1:]
            fifos = self._make_fifos(manager_box, user_boxes)
            specs = [(manager_box, self._manager_spec(compiled, manager_box, test))]
            specs += [
                (box, self._user_spec(compiled.program, box, i, fifos[i]))
                for i, box in enumerate(user_boxes)
            ]
            runs = self.env.sandbox.run_group(specs)
            return self._outcome(test, manager_box, compiled.checker, runs[0], runs[1:])

    def _make_fifos(self, manager_box: Box, user_boxes: list[Box]) -> list[tuple[Path, Path]]:
        """(m_to_u, u_to_m) host paths per process, made in the manager's box."""
        fifos = []
        for i, user_box in enumerate(user_boxes):
            pair = (manager_box.path / f"m_to_u{i}", manager_box.path / f"u{i}_to_m")
            for path in pair:
                os.mkfifo(path, 0o666)
                os.chmod(path, 0o666)  # mkfifo honours the umask
                if self.params.user_io == "fifo_io":
                    os.link(path, user_box.path / path.name)
            fifos.append(pair)
        return fifos

    def _manager_spec(self, compiled: _Compiled, box: Box, test: TestCase) -> RunSpec:
        args: list[str] = []
        for i in range(self.params.num_processes):
            args += [f"u{i}_to_m", f"m_to_u{i}"]
        return RunSpec(
            argv=["manager", *args],
            executable=compiled.manager,
            limits=steps.manager_limits(self.env, self.problem, self.params.num_processes),
            stdin=self.stored.path(test.input),
            stdout=box.path / "manager.out",
            stderr=box.path / "manager.err",
        )

    def _user_spec(
        self, program: CompiledProgram, box: Box, index: int, fifo: tuple[Path, Path]
    ) -> RunSpec:
        m_to_u, u_to_m = fifo
        limits = steps.user_limits(self.env, self.problem)
        index_arg = [str(index)] if self.params.num_processes > 1 else []
        if self.params.user_io == "fifo_io":
            return program.executable.run_spec(
                box, args=[m_to_u.name, u_to_m.name, *index_arg], limits=limits
            )
        return program.executable.run_spec(
            box, args=index_arg, limits=limits, stdin=m_to_u, stdout=u_to_m
        )

    def _outcome(
        self, test: TestCase, manager_box: Box, checker: Path | None, manager: RunResult,
        users: list[RunResult],
    ) -> TestResult:
        usage = _merged(users)
        broken = next((r for r in (manager, *users) if r.status is RunStatus.SE), None)
        if broken is not None:
            return steps.judge_error(test.name, steps.describe_failure(broken), usage)
        if manager.status is not RunStatus.OK:
            return steps.judge_error(
                test.name, f"manager failed: {steps.describe_failure(manager)}", usage
            )
        user_failure = self._user_failure(test, users)
        if user_failure is not None:
            return user_failure.model_copy(update=_usage_fields(usage))
        if usage.cpu_time >= self.problem.time_limit:
            return self._summed_time_exceeded(test, usage)
        try:
            score, message = self._score(test, manager_box, checker)
        except CheckerFailure as exc:
            return steps.judge_error(test.name, f"manager: {exc}", usage)
        return steps.scored_result(test.name, score, message, usage)

    def _score(self, test: TestCase, manager_box: Box, checker: Path | None) -> tuple[float, str]:
        """The manager's own score, or its output judged by the problem's checker."""
        output = manager_box.path / "manager.out"
        if checker is None:
            return parse_checker_output(
                steps.read_text(output), steps.read_text(manager_box.path / "manager.err")
            )
        expected = manager_box.path / "expected.empty"
        if test.output is not None:
            expected = self.stored.path(test.output)
        else:
            expected.touch()
        return steps.run_checker(self.env, checker, self.stored.path(test.input), expected, output)

    def _user_failure(self, test: TestCase, users: list[RunResult]) -> TestResult | None:
        """The verdict of the first contestant process that did not end normally."""
        for index, run in enumerate(users):
            failure = steps.failed_run(test.name, run)
            if failure is not None and len(users) > 1:
                return failure.model_copy(update={"message": f"process {index}: {failure.message}"})
            if failure is not None:
                return failure
        return None

    def _summed_time_exceeded(self, test: TestCase, usage: RunResult) -> TestResult:
        n = self.params.num_processes
        summed = f", {n} processes summed" if n > 1 else ""
        return TestResult(
            name=test.name,
            status=Verdict.TLE,
            score=0.0,
            message=f"Time limit exceeded (cpu{summed})",
            cpu_time=usage.cpu_time,
            wall_time=usage.wall_time,
            memory=usage.memory,
        )


def _merged(users: list[RunResult]) -> RunResult:
    """One usage record for the test, merged as CMS's ``merge_execution_stats``
    merges concurrent runs: CPU times and memory summed, the longest wall time."""
    return RunResult(
        status=RunStatus.OK,
        cpu_time=round(sum(r.cpu_time for r in users), 6),
        wall_time=max((r.wall_time for r in users), default=0.0),
        memory=sum(r.memory for r in users),
    )


def _usage_fields(run: RunResult) -> dict[str, float | int]:
    return {"cpu_time": run.cpu_time, "wall_time": run.wall_time, "memory": run.memory}
