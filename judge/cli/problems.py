"""``ioi-judge problems ...``: import, list, show problems."""

from __future__ import annotations

import typer

problems_app = typer.Typer(help="Manage stored problems.", no_args_is_help=True)
