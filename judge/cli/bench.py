"""``ioi-judge bench ...``: benchmarks that print JSON."""

from __future__ import annotations

import typer

bench_app = typer.Typer(help="Benchmarks (print JSON).", no_args_is_help=True)


@bench_app.command("compile")
def bench_compile(
    json_out: bool = typer.Option(False, "--json", help="Print JSON only."),
    runs: int = typer.Option(5, min=1, help="Timed compiles per mode."),
    language: str = typer.Option("cpp17", help="Language to compile."),
) -> None:
    """Median compile latency: plain, with the precompiled header, from the cache."""
    from bench.compile import run_compile_bench
    from judge.settings import Settings

    result = run_compile_bench(Settings(), runs=runs, language=language)
    if json_out:
        typer.echo(result.model_dump_json(indent=2))
        return
    for case in result.cases:
        typer.echo(
            f"{result.language} {case.solution}: plain {case.plain_median_s:.3f} s, "
            f"PCH {case.pch_median_s:.3f} s (x{case.pch_ratio:.2f})"
        )
    typer.echo(f"cache hit {result.cache_hit_median_ms:.3f} ms")


@bench_app.command("sandbox")
def bench_sandbox(
    json_out: bool = typer.Option(False, "--json", help="Print JSON only."),
    runs: int = typer.Option(500, min=1, help="Runs bare and sandboxed."),
) -> None:
    """Median cost of a trivial run bare vs sandboxed, and the overhead per run."""
    from bench.sandbox import run_sandbox_bench
    from judge.settings import Settings

    result = run_sandbox_bench(Settings(), runs=runs)
    if json_out:
        typer.echo(result.model_dump_json(indent=2))
        return
    typer.echo(
        f"bare {result.bare_median_ms:.3f} ms, sandboxed {result.sandboxed_median_ms:.3f} ms, "
        f"overhead {result.overhead_ms:.3f} ms per run ({result.isolation})"
    )


@bench_app.command("service")
def bench_service(
    json_out: bool = typer.Option(False, "--json", help="Print JSON only."),
    submissions: int = typer.Option(20, min=1, help="Throughput phase: per problem."),
    rounds: int = typer.Option(10, min=1, help="Latency phase: one-at-a-time per problem."),
    workers: int = typer.Option(0, min=0, help="Worker processes; 0: one per core."),
    problems: str = typer.Option("aplusb,message", help="IOI 2024 packages to use."),
    packages: str = typer.Option("", help="Folder of <name>-CMS.zip; default ../shared/ioi2024."),
) -> None:
    """Service throughput and latency, and its cost over local judging."""
    import os
    from pathlib import Path

    from bench.service import run_service_bench
    from judge.settings import Settings

    folder = Path(packages) if packages else Path.cwd().parent / "shared" / "ioi2024"
    count = workers or len(os.sched_getaffinity(0))
    result = run_service_bench(Settings(), folder, problems.split(","), submissions, rounds,
                               count)
    if json_out:
        typer.echo(result.model_dump_json(indent=2))
        return
    typer.echo(
        f"{result.workers} workers: {result.submissions_per_second} submissions/s, "
        f"{result.tests_per_second} tests/s, latency p50 {result.latency_p50_ms} ms "
        f"p95 {result.latency_p95_ms} ms; service adds {result.added_ms_per_submission} ms"
    )


@bench_app.command("load")
def bench_load(
    json_out: bool = typer.Option(False, "--json", help="Print JSON only."),
    submissions: int = typer.Option(1000, min=1, help="Submissions in all."),
    workers: int = typer.Option(2, min=1, help="Worker processes."),
    chaos: bool = typer.Option(False, help="Kill workers, Redis and the API during the run."),
    kill_every: float = typer.Option(3.0, help="Chaos: seconds between worker kills."),
    appendfsync: str = typer.Option("always", help="Redis AOF fsync: always or everysec."),
    packages: str = typer.Option("", help="Folder of <name>-CMS.zip; default ../shared/ioi2024."),
    log_dir: str = typer.Option("", help="Keep the service's process logs in this folder."),
) -> None:
    """Load (and chaos) run: every submission must end done once with its verdict."""
    from pathlib import Path

    from bench.reliability import LoadOptions, report_json, run_load_bench

    folder = Path(packages) if packages else Path.cwd().parent / "shared" / "ioi2024"
    options = LoadOptions(submissions=submissions, workers=workers, chaos=chaos,
                          kill_every=kill_every, appendfsync=appendfsync,
                          packages=folder.resolve(),
                          log_dir=Path(log_dir).resolve() if log_dir else None)
    result = run_load_bench(options)
    if json_out:
        typer.echo(report_json(result))
        return
    typer.echo(
        f"{result.submissions} submissions, {result.workers} workers"
        f"{' (chaos)' if result.chaos else ''}: done {result.done}, lost {result.lost}, "
        f"wrong verdict {result.wrong_verdict}, judged twice {result.judged_twice}; "
        f"{result.submissions_per_second} submissions/s, POST p99 {result.post.p99_ms} ms, "
        f"GET p99 {result.get.p99_ms} ms, Redis peak "
        f"{result.redis_peak_used_memory_bytes / 2**20:.1f} MiB"
    )


@bench_app.command("hostile")
def bench_hostile(
    json_out: bool = typer.Option(False, "--json", help="Print JSON only."),
    hostile: int = typer.Option(300, min=1, help="Hostile submissions in the loaded phase."),
    workers: int = typer.Option(2, min=1, help="Worker processes."),
    rounds: int = typer.Option(5, min=1, help="Runs of each normal program, quiet and loaded."),
    packages: str = typer.Option("", help="Folder of aplusb-CMS.zip; default ../shared/ioi2024."),
    control: bool = typer.Option(True, help="Also time the normal ones under normal-only load."),
) -> None:
    """Hostile programs at volume: normal verdicts and CPU times, quiet vs loaded."""
    from pathlib import Path

    from bench.hostile import run_hostile_bench

    folder = Path(packages) if packages else Path.cwd().parent / "shared" / "ioi2024"
    result = run_hostile_bench(hostile, workers, rounds, folder if folder.is_dir() else None,
                               control)
    if json_out:
        typer.echo(result.model_dump_json(indent=2))
        return
    typer.echo(
        f"{result.hostile} hostile + {result.normal} normal, {result.workers} workers: "
        f"hostile as expected {result.hostile_as_expected}, normal mismatches "
        f"{result.normal_verdict_mismatches}, max CPU ratio {result.max_ratio}"
    )
