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
    typer.echo(
        f"{result.language}: plain {result.plain_median_s:.3f} s, "
        f"PCH {result.pch_median_s:.3f} s (x{result.pch_ratio:.2f}), "
        f"cache hit {result.cache_hit_median_ms:.2f} ms"
    )
