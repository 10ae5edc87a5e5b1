"""Communication: a trusted manager and ``num_processes`` contestant processes
connected by FIFOs (CMS's Communication task type).

For process ``i`` there are two FIFOs, ``u{i}_to_m`` and ``m_to_u{i}``. The
manager reads the test input on stdin and gets the FIFO paths as arguments
(``u0_to_m m_to_u0 u1_to_m m_to_u1 ...``); its stdout/stderr are the score and
message. Contestant process ``i`` gets its FIFOs as stdin/stdout (``std_io``)
or as the arguments ``m_to_u{i} u{i}_to_m`` (``fifo_io``), plus ``i`` when
there are several processes. Each contestant process has the problem's CPU and
memory limits on its own; CPU time, not wall time, decides TLE.

The FIFOs live in the manager's box; for ``fifo_io`` they are hard-linked into
each contestant's box (boxes share one tmpfs), so no box can reach another's.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from judge.grading.checking import CheckerFailure, parse_checker_output
from judge.grading.tasktypes import steps
from judge.grading.tasktypes.base import Prepared, TaskTypeBase
from judge.languages import CompiledProgram
from judge.problems.model import CommunicationParams, Problem, TestCase
from judge.sandbox import Box, RunResult, RunSpec, RunStatus
from judge.wire.results import TestResult


@dataclass
class _Compiled:
    program: CompiledProgram
    manager: Path


class Communication(TaskTypeBase):
    name = "Communication"

    @property
    def params(self) -> CommunicationParams:
        return self.problem.communication or CommunicationParams()

    @classmethod
    def needs_grader(cls, problem: Problem) -> bool:
        return True

    def prepare_compiled(self, program: CompiledProgram) -> Prepared:
        assert self.problem.manager is not None  # the model requires one
        manager = self.compile_trusted(self.problem.manager, "manager")
        return Prepared(program.info, _Compiled(program, manager))

    def run_test(self, prepared: Prepared, test: TestCase) -> TestResult:
        compiled: _Compiled = prepared.payload
        n = self.params.num_processes
        with self._boxes(n + 1) as boxes:
            manager_box, user_boxes = boxes[0], boxes[1:]
            fifos = self._make_fifos(manager_box, user_boxes)
            specs = [(manager_box, self._manager_spec(compiled, manager_box, test))]
            specs += [
                (box, self._user_spec(compiled.program, box, i, fifos[i]))
                for i, box in enumerate(user_boxes)
            ]
            runs = self.env.sandbox.run_group(specs, leader=0, grace=self._grace())
            return self._outcome(test, manager_box, runs[0], runs[1:])

    @contextlib.contextmanager
    def _boxes(self, count: int) -> Iterator[list[Box]]:
        with contextlib.ExitStack() as stack:
            yield [stack.enter_context(self.env.sandbox.box()) for _ in range(count)]

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
        n = self.params.num_processes
        return RunSpec(
            argv=["manager", *args],
            executable=compiled.manager,
            limits=steps.trusted_limits(self.env, self.problem.time_limit * n + 10),
            stdin=self.stored.path(test.input),
            stdout=box.path / "manager.out",
            stderr=box.path / "manager.err",
        )

    def _user_spec(
        self, program: CompiledProgram, box: Box, index: int, fifo: tuple[Path, Path]
    ) -> RunSpec:
        m_to_u, u_to_m = fifo
        n = self.params.num_processes
        limits = steps.user_limits(self.env, self.problem, sequential_processes=n)
        index_arg = [str(index)] if n > 1 else []
        if self.params.user_io == "fifo_io":
            return program.executable.run_spec(
                box, args=[m_to_u.name, u_to_m.name, *index_arg], limits=limits
            )
        return program.executable.run_spec(
            box, args=index_arg, limits=limits, stdin=m_to_u, stdout=u_to_m
        )

    def _grace(self) -> float:
        return min(1.0 + self.problem.time_limit, 5.0)

    def _outcome(
        self, test: TestCase, manager_box: Box, manager: RunResult, users: list[RunResult]
    ) -> TestResult:
        usage = _summed(users)
        for run in users:
            failure = steps.failed_run(test.name, run)
            if failure is not None and not run.killed_by_judge:
                return failure.model_copy(update=_usage_fields(usage))
        if manager.status is not RunStatus.OK:
            return steps.judge_error(
                test.name, f"manager failed: {steps.describe_failure(manager)}", usage
            )
        try:
            score, message = parse_checker_output(
                steps.read_text(manager_box.path / "manager.out"),
                steps.read_text(manager_box.path / "manager.err"),
            )
        except CheckerFailure as exc:
            return steps.judge_error(test.name, f"manager: {exc}", usage)
        return steps.scored_result(test.name, score, message, usage)


def _summed(users: list[RunResult]) -> RunResult:
    """One usage record for the test: the largest CPU/wall time and memory of
    the contestant processes (each is limited on its own)."""
    return RunResult(
        status=RunStatus.OK,
        cpu_time=max((r.cpu_time for r in users), default=0.0),
        wall_time=max((r.wall_time for r in users), default=0.0),
        memory=max((r.memory for r in users), default=0),
    )


def _usage_fields(run: RunResult) -> dict[str, float | int]:
    return {"cpu_time": run.cpu_time, "wall_time": run.wall_time, "memory": run.memory}
