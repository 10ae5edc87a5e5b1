"""Benchmarks behind ``ioi-judge bench ...`` and the service harness the tests
share. They live in the source checkout, outside the wheel: the paths below are
the checkout's."""

from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
"""The source checkout this package belongs to."""

SHARED_PACKAGES = CHECKOUT.parent / "shared" / "ioi2024"
"""The IOI 2024 packages (``<name>-CMS.zip``) kept beside the checkout."""

SANDBOX_PROGRAMS = CHECKOUT / "tests" / "sandbox" / "programs"
"""The sandbox's adversarial programs (fork bomb, heap bomb, output flood, ...)."""
