"""Warming a version compiles what its first submission would wait for: the
default language's grader object and the task header PCH (only for the header
the grader includes), the checker or manager, then the other languages."""

from __future__ import annotations

import pytest

from judge.grading.tasktypes.base import JudgeEnv
from judge.grading.warmup import warm_version
from judge.problems.store import StoredProblem


@pytest.mark.slow
def test_warm_up_in_the_order_a_first_submission_needs(
    env: JudgeEnv, shared_problems: dict[str, StoredProblem]
) -> None:
    warm = warm_version(env, shared_problems["aplusb"])
    assert not warm.errors
    assert warm.ready == ["cpp17 grader.cpp", "cpp17 aplusb.h PCH", "checker",
                          "cpp20 grader.cpp"]
    again = warm_version(env, shared_problems["aplusb"])  # all cached now
    assert again.ready == warm.ready and again.seconds < 2
