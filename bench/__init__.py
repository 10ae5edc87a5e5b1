"""Benchmarks behind ``ioi-judge bench ...`` (each prints JSON)."""
