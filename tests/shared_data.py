"""The external test data: the official IOI packages under ``JUDGE_TEST_DATA``
(default ``../shared``; README, "Test data"). A test that needs them asks
:func:`shared` for a path: without the data it is skipped, all with the same
reason, so the summary says it once; with ``JUDGE_REQUIRE_TEST_DATA=1`` (CI sets
it) a missing file fails the test instead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import TEST_DATA

REQUIRED = os.environ.get("JUDGE_REQUIRE_TEST_DATA") == "1"
REASON = (f"IOI test packages not found under {TEST_DATA} "
          "(set JUDGE_TEST_DATA; README, 'Test data')")


def shared(*parts: str) -> Path:
    """``TEST_DATA/<parts>``, or skip (fail when the data is required)."""
    path = TEST_DATA.joinpath(*parts)
    if not path.exists():
        if REQUIRED:
            pytest.fail(f"{path} not found and JUDGE_REQUIRE_TEST_DATA=1")
        pytest.skip(REASON)
    return path
