"""``ioi-judge bench ...``: benchmarks that print JSON."""

from __future__ import annotations

import typer

bench_app = typer.Typer(help="Benchmarks (print JSON).", no_args_is_help=True)
