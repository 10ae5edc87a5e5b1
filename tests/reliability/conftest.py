"""Fixtures for the reliability tests. The service helpers live in ``tests/api``;
put that folder on ``sys.path`` so that ``from service_helpers import ...``
works when this folder is run on its own."""

from __future__ import annotations

import sys
from pathlib import Path

API_TESTS = str(Path(__file__).resolve().parents[1] / "api")
if API_TESTS not in sys.path:
    sys.path.insert(0, API_TESTS)
