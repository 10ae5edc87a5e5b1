"""Headless Chromium (Debian's ``chromium``): an HTML file to a PNG screenshot."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CHROMIUM = shutil.which("chromium")


def screenshot(page: Path, png: Path, profile: Path, width: int, height: int) -> None:
    """Render ``page`` offline into ``png`` (``profile``: a fresh user data dir)."""
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", f"--screenshot={png}",
         f"--window-size={width},{height}", page.resolve().as_uri()],
        check=True, capture_output=True, timeout=120,
    )
