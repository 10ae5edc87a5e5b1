"""Piston v2 compatibility at the grading level: a Piston ``execute`` request
(its files laid out as Open R1's ``cms_ioi`` or CodeForces packages expect) is
turned into a one-test problem and judged by the usual :class:`Evaluator`, and
the result is written back in the package's output contract (score on the first
stdout line, feedback on stderr). See :mod:`judge.grading.piston.execute`."""

from judge.grading.piston.execute import PistonExecutor, plan_job
from judge.grading.piston.files import PistonRequestError
from judge.grading.piston.runtimes import RUNTIMES, find_runtime

__all__ = ["RUNTIMES", "PistonExecutor", "PistonRequestError", "find_runtime", "plan_job"]
