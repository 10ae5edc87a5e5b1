"""RQ reaches the worker only through the import paths the queue enqueues."""

from __future__ import annotations

import pytest
from rq.utils import import_attribute

from judge.service import worker
from judge.service.queue import FAILURE_CALLBACK, JOB_FUNCTION


def test_the_enqueued_paths_name_the_worker_functions() -> None:
    assert import_attribute(JOB_FUNCTION) is worker.judge_submission
    assert import_attribute(FAILURE_CALLBACK) is worker.on_job_failure


def test_the_job_function_judges_only_inside_a_worker() -> None:
    with pytest.raises(RuntimeError, match="ioi-judge worker"):
        worker.judge_submission("abc")
