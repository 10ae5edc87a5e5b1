"""``ioi-judge bench ...``: the benchmarks of a source checkout.

The benchmarks are the checkout's top-level ``bench`` package, outside the
wheel. In an editable install the checkout is the folder that holds the
``judge`` package, so the commands are looked up there (whatever the current
directory); an installed wheel has none, and ``ioi-judge bench`` says so.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

import typer

import judge

CHECKOUT = Path(judge.__file__).resolve().parents[1]
UNAVAILABLE = "The benchmarks run from a source checkout of ioi-judge (bench/ is not installed)."


def add_bench(app: typer.Typer, checkout: Path = CHECKOUT) -> None:
    """Mount the checkout's ``bench.cli`` commands as ``bench``, or a ``bench``
    command that explains their absence."""
    if _import_checkout_bench(checkout):
        app.add_typer(importlib.import_module("bench.cli").app, name="bench")
    else:
        app.command("bench", help="Benchmarks (from a source checkout only).",
                    context_settings={"allow_extra_args": True,
                                      "ignore_unknown_options": True})(_unavailable)


def _import_checkout_bench(checkout: Path) -> bool:
    """Import the checkout's ``bench`` package under its name (unless a ``bench``
    is imported already, e.g. with the checkout on ``sys.path``)."""
    init = checkout / "bench" / "__init__.py"
    if not (init.parent / "cli.py").is_file():
        return False
    if "bench" in sys.modules:
        return True
    spec = importlib.util.spec_from_file_location(
        "bench", init, submodule_search_locations=[str(init.parent)])
    if spec is None or spec.loader is None:
        return False
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module
    spec.loader.exec_module(module)
    return True


def _unavailable() -> None:
    typer.echo(UNAVAILABLE, err=True)
    raise typer.Exit(1)
