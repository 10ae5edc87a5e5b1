"""Benchmarks behind ``ioi-judge bench ...`` and the service harness the tests
share. They live in the source checkout, outside the wheel: the paths below are
the checkout's."""

import os
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
"""The source checkout this package belongs to."""

TEST_DATA = Path(os.environ.get("JUDGE_TEST_DATA") or CHECKOUT.parent / "shared")
"""External test data, the official IOI packages (``ioi2024/``, ``ioi2025/``,
``ioi2017-tps/``): ``JUDGE_TEST_DATA``, by default ``shared/`` beside the checkout."""

SHARED_PACKAGES = TEST_DATA / "ioi2024"
"""The IOI 2024 packages (``<name>-CMS.zip``)."""

SANDBOX_PROGRAMS = CHECKOUT / "tests" / "sandbox" / "programs"
"""The sandbox's adversarial programs (fork bomb, heap bomb, output flood, ...)."""
