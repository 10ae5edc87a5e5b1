"""``ioi-judge bench`` from any directory of an editable install, and its
message where there is no checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

import judge
from judge.cli import bench as bench_cli

CHECKOUT = Path(judge.__file__).resolve().parents[1]


def test_bench_commands_from_another_directory(tmp_path: Path) -> None:
    # As an editable install does: ``judge`` importable, the checkout not on sys.path.
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "judge").symlink_to(CHECKOUT / "judge")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    code = "from judge.cli import app; app()"
    for args in (["--help"], ["sandbox", "--help"], ["load", "--help"], ["first", "--help"],
                 ["verify", "--help"], ["accuracy", "--help"]):
        done = subprocess.run([sys.executable, "-c", code, "bench", *args], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "Usage" in done.stdout
    assert "hostile" in subprocess.run(
        [sys.executable, "-c", code, "bench", "--help"], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=120).stdout


def test_without_a_checkout_bench_says_where_it_runs(tmp_path: Path) -> None:
    app = typer.Typer()
    app.command("other")(lambda: None)
    bench_cli.add_bench(app, checkout=tmp_path)  # an installed wheel: no bench/ beside judge/
    for args in (["bench"], ["bench", "sandbox", "--json", "--runs", "5"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 1
        assert result.output.strip() == bench_cli.UNAVAILABLE
