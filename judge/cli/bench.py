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
    from judge.bench.compile import run_compile_bench
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
    from judge.bench.sandbox import run_sandbox_bench
    from judge.settings import Settings

    result = run_sandbox_bench(Settings(), runs=runs)
    if json_out:
        typer.echo(result.model_dump_json(indent=2))
        return
    typer.echo(
        f"bare {result.bare_median_ms:.3f} ms, sandboxed {result.sandboxed_median_ms:.3f} ms, "
        f"overhead {result.overhead_ms:.3f} ms per run ({result.isolation})"
    )
