"""Where the trusted programs we ship as source are: the repository's ``graders/``.

A wheel installs that folder as the package ``judge.graders``; in a source
checkout (tests, ``PYTHONPATH``) it is ``graders/`` beside the ``judge`` package.
The checkout is asked first, so that a checkout run with the interpreter of an
editable install elsewhere still uses its own sources.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path, PurePosixPath

CHECKOUT = Path(__file__).resolve().parent.parent / "graders"
PACKAGE = "judge.graders"


class ShippedSourceMissing(FileNotFoundError):
    """A shipped source is in neither place: a broken installation."""


def source(rel: str) -> Path:
    """Host path of the shipped source ``rel`` (e.g. ``"launcher/launcher.c"``)."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
        raise ValueError(f"not a path inside graders/: {rel!r}")
    for root in _roots():
        path = root.joinpath(*parts)
        if path.is_file():
            return path
    raise ShippedSourceMissing(f"graders/{rel} is not installed (neither {CHECKOUT} nor {PACKAGE})")


def _roots() -> list[Path]:
    roots = [CHECKOUT]
    try:
        installed = importlib.resources.files(PACKAGE)
    except ModuleNotFoundError:
        return roots
    if isinstance(installed, Path):  # a zipped install cannot hand out host paths
        roots.append(installed)
    return roots
