"""The ``ioi-judge bench ...`` commands (mounted by :mod:`judge.cli.bench`). Each
prints a one-line summary, or with ``--json`` the whole report. The benchmark
modules are imported when their command runs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Protocol

import typer

from bench import SHARED_PACKAGES
from judge.settings import Settings

app = typer.Typer(help="Benchmarks (print JSON).", no_args_is_help=True)

JsonOut = Annotated[bool, typer.Option("--json", help="Print JSON only.")]
Workers = Annotated[int, typer.Option(min=1, help="Worker processes.")]
Packages = Annotated[Path, typer.Option(help="Folder of the IOI 2024 <name>-CMS.zip packages.")]


class Report(Protocol):
    def model_dump_json(self, *, indent: int | None = None) -> str: ...

    def summary(self) -> str: ...


def _emit(report: Report, json_out: bool) -> None:
    typer.echo(report.model_dump_json(indent=2) if json_out else report.summary())


@app.command("compile")
def bench_compile(
    json_out: JsonOut = False,
    runs: Annotated[int, typer.Option(min=1, help="Timed compiles per mode.")] = 5,
    language: Annotated[str, typer.Option(help="Language to compile.")] = "cpp17",
) -> None:
    """Median compile latency: plain, with the precompiled header, from the cache."""
    from bench.compile import run_compile_bench

    _emit(run_compile_bench(Settings(), runs=runs, language=language), json_out)


@app.command("openr1")
def bench_openr1(
    json_out: JsonOut = False,
    tests: Annotated[int, typer.Option(min=2, help="Tests of aplusb to send.")] = 6,
    packages: Packages = SHARED_PACKAGES,
) -> None:
    """Per-test cost of Open R1's requests: piston-style (compile per test) vs /api/v2/execute."""
    from bench.openr1 import run_openr1_bench

    _emit(run_openr1_bench(Settings(), packages, tests), json_out)


@app.command("sandbox")
def bench_sandbox(
    json_out: JsonOut = False,
    runs: Annotated[int, typer.Option(min=1, help="Runs bare and sandboxed.")] = 500,
) -> None:
    """Median cost of a trivial run bare vs sandboxed, and the overhead per run."""
    from bench.sandbox import run_sandbox_bench

    _emit(run_sandbox_bench(Settings(), runs=runs), json_out)


@app.command("pingpong")
def bench_pingpong(
    json_out: JsonOut = False,
    runs: Annotated[int, typer.Option(min=1, help="Exchanges per mode.")] = 10,
    rounds: Annotated[int, typer.Option(min=1, help="Round trips per exchange.")] = 20000,
) -> None:
    """CPU time billed to two processes talking through FIFOs, pinned vs unpinned."""
    from bench.pingpong import run_pingpong_bench

    _emit(run_pingpong_bench(Settings(), runs=runs, rounds=rounds), json_out)


@app.command("accuracy")
def bench_accuracy(
    json_out: JsonOut = False,
    runs: Annotated[int, typer.Option(min=1, help="Runs of each program.")] = 20,
    cpu: Annotated[float, typer.Option(min=0.01, help="CPU seconds a run spends.")] = 0.5,
    memory: Annotated[int, typer.Option(min=1, help="MiB a run touches.")] = 256,
) -> None:
    """Error of the sandbox's CPU time and peak memory against what programs did."""
    from bench.accuracy import run_accuracy_bench

    _emit(run_accuracy_bench(Settings(), runs=runs, cpu=cpu, memory=memory), json_out)


@app.command("service")
def bench_service(
    json_out: JsonOut = False,
    submissions: Annotated[int, typer.Option(min=1, help="Throughput phase: per problem.")] = 20,
    rounds: Annotated[int, typer.Option(min=1, help="Latency phase: one at a time, per "
                                                   "problem.")] = 10,
    workers: Annotated[int, typer.Option(min=0, help="Worker processes; 0: one per core.")] = 0,
    problems: Annotated[str, typer.Option(help="IOI 2024 packages to use.")] = "aplusb,message",
    packages: Packages = SHARED_PACKAGES,
) -> None:
    """Service throughput and latency, and its cost over local judging."""
    from bench.service import run_service_bench

    count = workers or len(os.sched_getaffinity(0))
    _emit(run_service_bench(Settings(), packages, problems.split(","), submissions, rounds,
                            count), json_out)


@app.command("first")
def bench_first(
    json_out: JsonOut = False,
    problems: Annotated[str, typer.Option(help="IOI 2024 packages to use.")] = "aplusb,message",
    immediate: Annotated[bool, typer.Option(help="Submit right after the upload, without "
                                                 "waiting for the warm-up.")] = False,
    packages: Packages = SHARED_PACKAGES,
) -> None:
    """First-submission latency of a fresh worker on a freshly uploaded problem."""
    from bench.first import run_first_bench

    _emit(run_first_bench(Settings(), packages, problems.split(","), immediate), json_out)


@app.command("verify")
def bench_verify(
    json_out: JsonOut = False,
    problems: Annotated[str, typer.Option(help="IOI 2024 packages to use.")] = "aplusb",
    workers: Annotated[int, typer.Option(min=0, help="Worker processes; 0: one per core.")] = 0,
    early_stop: Annotated[bool, typer.Option(help="Stop subtasks at a zero.")] = False,
    local: Annotated[bool, typer.Option(help="Also verify locally, for comparison.")] = False,
    after_warm_up: Annotated[bool, typer.Option(help="POST once a worker warmed the "
                                                     "version (timed apart).")] = False,
    packages: Packages = SHARED_PACKAGES,
) -> None:
    """Verify on the service (POST /v1/problems/{id}/verify until finished), and locally."""
    from bench.verify import run_verify_bench

    count = workers or len(os.sched_getaffinity(0))
    _emit(run_verify_bench(Settings(), packages, problems.split(","), count, early_stop, local,
                           after_warm_up), json_out)


@app.command("load")
def bench_load(
    json_out: JsonOut = False,
    submissions: Annotated[int, typer.Option(min=1, help="Submissions in all.")] = 1000,
    workers: Workers = 2,
    chaos: Annotated[bool, typer.Option(help="Kill workers, Redis and the API during the "
                                             "run.")] = False,
    kill_every: Annotated[float, typer.Option(help="Chaos: seconds between worker "
                                                   "kills.")] = 3.0,
    appendfsync: Annotated[str, typer.Option(help="Redis AOF fsync: always or "
                                                  "everysec.")] = "always",
    packages: Packages = SHARED_PACKAGES,
    log_dir: Annotated[Path | None, typer.Option(help="Keep the service's process logs in "
                                                      "this folder.")] = None,
) -> None:
    """Load (and chaos) run: every submission must end done once with its verdict."""
    from bench.reliability import LoadOptions, run_load_bench

    options = LoadOptions(submissions=submissions, workers=workers, chaos=chaos,
                          kill_every=kill_every, appendfsync=appendfsync,
                          packages=packages.resolve(),
                          log_dir=log_dir.resolve() if log_dir else None)
    _emit(run_load_bench(options), json_out)


@app.command("hostile")
def bench_hostile(
    json_out: JsonOut = False,
    hostile: Annotated[int, typer.Option(min=1, help="Hostile submissions in the loaded "
                                                     "phase.")] = 300,
    workers: Workers = 2,
    rounds: Annotated[int, typer.Option(min=1, help="Runs of each normal program, quiet and "
                                                    "loaded.")] = 5,
    packages: Packages = SHARED_PACKAGES,
    control: Annotated[bool, typer.Option(help="Also time the normal ones under normal-only "
                                               "load.")] = True,
) -> None:
    """Hostile programs at volume: normal verdicts and CPU times, quiet vs loaded."""
    from bench.hostile import run_hostile_bench

    _emit(run_hostile_bench(hostile, workers, rounds, packages if packages.is_dir() else None,
                            control), json_out)


@app.command("rl")
def bench_rl(
    json_out: JsonOut = False,
    completions: Annotated[int, typer.Option(min=2, help="Unique completions (C++ and "
                                                         "Python, right and wrong).")] = 40,
    workers: Annotated[int, typer.Option(min=0, help="Worker processes; 0: one per core.")] = 0,
    piston_tests: Annotated[int, typer.Option(min=1, help="aplusb tests judged piston-style "
                                                          "(compile per test).")] = 3,
    packages: Packages = SHARED_PACKAGES,
) -> None:
    """RL throughput of /v1/runs against the bare limit (same compiles, no judge), and
    aplusb per test on /api/v2/execute against piston-style (compile per test)."""
    from bench.rl import run_rl_bench

    count = workers or len(os.sched_getaffinity(0))
    aplusb = packages / "aplusb-CMS.zip"
    _emit(run_rl_bench(Settings(), completions, count, aplusb if aplusb.is_file() else None,
                       piston_tests), json_out)
