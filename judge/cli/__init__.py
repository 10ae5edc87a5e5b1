"""The ``ioi-judge`` command line. Each command group lives in its own module."""

from __future__ import annotations

import typer

from judge.cli.bench import add_bench
from judge.cli.evaluate import evaluate, verify
from judge.cli.problems import problems_app
from judge.cli.rescore import report, rescore, select
from judge.cli.service import down, serve, status, up, worker

app = typer.Typer(
    name="ioi-judge",
    help="IOI-style judge: import problems, evaluate submissions, run the service.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(problems_app, name="problems")
add_bench(app)
app.command("rescore")(rescore)
app.command("report")(report)
app.command("select")(select)
app.command("serve")(serve)
app.command("worker")(worker)
app.command("up")(up)
app.command("down")(down)
app.command("status")(status)
app.command("evaluate")(evaluate)
problems_app.command("verify")(verify)
