"""``ioi-judge bench compile``: latency of compiling bits/stdc++ solutions
plain, with the precompiled header, and from the compile cache.

Every timed compile goes through the real sandbox and compiler; plain and PCH
compiles use a fresh source each time (a unique comment), so they miss the
cache. Two solutions: ``aplusb`` (the typical short IOI solution: bits/stdc++
and a few lines; the PCH target is measured on it) and ``dijkstra`` (heavier
template use, where instantiation and optimisation dominate and a PCH helps less)."""

from __future__ import annotations

import os
import statistics
import time
import uuid

from pydantic import BaseModel, Field

from judge.languages import Compiler, get_language
from judge.sandbox import Sandbox
from judge.settings import Settings
from judge.wire.results import CompileStatus

DIJKSTRA = """#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, m;
    cin >> n >> m;
    vector<vector<pair<int, ll>>> adj(n);
    for (int i = 0; i < m; i++) {
        int a, b; ll w;
        cin >> a >> b >> w;
        adj[a].push_back({b, w});
        adj[b].push_back({a, w});
    }
    vector<ll> dist(n, LLONG_MAX);
    priority_queue<pair<ll, int>, vector<pair<ll, int>>, greater<>> pq;
    dist[0] = 0;
    pq.push({0, 0});
    while (!pq.empty()) {
        auto [d, u] = pq.top();
        pq.pop();
        if (d != dist[u]) continue;
        for (auto [v, w] : adj[u])
            if (dist[u] + w < dist[v]) pq.push({dist[v] = dist[u] + w, v});
    }
    map<ll, int> count;
    for (ll d : dist) count[d]++;
    string out;
    for (auto& [d, c] : count) out += to_string(d) + " " + to_string(c) + "\\n";
    cout << out;
}
"""


APLUSB = """#include <bits/stdc++.h>
using namespace std;

int main() {
    long long a, b;
    cin >> a >> b;
    cout << a + b << endl;
}
"""

SOLUTIONS = {"aplusb": APLUSB, "dijkstra": DIJKSTRA}


class CaseBench(BaseModel):
    solution: str
    plain_median_s: float
    pch_median_s: float
    pch_ratio: float = Field(description="PCH median / plain median.")
    plain_s: list[float]
    pch_s: list[float]


class CompileBench(BaseModel):
    language: str
    runs: int
    cases: list[CaseBench]
    cache_hit_median_ms: float
    pch_target_met: bool = Field(description="aplusb: PCH median <= 0.35 x plain median.")
    cache_target_met: bool = Field(description="Cache hit median <= 5 ms.")
    load_average: float = Field(description="1-minute load average at the end (noise).")

    def summary(self) -> str:
        lines = [f"{self.language} {case.solution}: plain {case.plain_median_s:.3f} s, "
                 f"PCH {case.pch_median_s:.3f} s (x{case.pch_ratio:.2f})" for case in self.cases]
        return "\n".join([*lines, f"cache hit {self.cache_hit_median_ms:.3f} ms"])


def run_compile_bench(settings: Settings, runs: int = 5, language: str = "cpp17") -> CompileBench:
    lang = get_language(language)
    sandbox = Sandbox.from_settings(settings, ro_mounts=Compiler.sandbox_mounts(settings))
    try:
        compiler = Compiler(settings, sandbox)
        plain = Compiler(settings.model_copy(update={"compile_pch": False}), sandbox)
        compiler.warm_up([lang])
        cases = [
            _case(name, source, compiler, plain, language, runs)
            for name, source in SOLUTIONS.items()
        ]
        hit_ms = _cache_hit_ms(compiler, language, max(runs, 50))
    finally:
        sandbox.close()
    return CompileBench(
        language=language,
        runs=runs,
        cases=cases,
        cache_hit_median_ms=round(hit_ms, 4),
        pch_target_met=cases[0].pch_ratio <= 0.35,
        cache_target_met=hit_ms <= 5.0,
        load_average=round(os.getloadavg()[0], 2),
    )


def _case(
    name: str, source: str, compiler: Compiler, plain: Compiler, language: str, runs: int
) -> CaseBench:
    # Interleaved, so that load from other processes hits both modes alike.
    plain_s, pch_s = [], []
    for _ in range(runs):
        plain_s.append(_timed_fresh_compile(plain, language, source))
        pch_s.append(_timed_fresh_compile(compiler, language, source))
    plain_med, pch_med = statistics.median(plain_s), statistics.median(pch_s)
    return CaseBench(
        solution=name,
        plain_median_s=round(plain_med, 3),
        pch_median_s=round(pch_med, 3),
        pch_ratio=round(pch_med / plain_med, 3),
        plain_s=[round(t, 3) for t in plain_s],
        pch_s=[round(t, 3) for t in pch_s],
    )


def _cache_hit_ms(compiler: Compiler, language: str, runs: int) -> float:
    lang = get_language(language)
    first = compiler.compile(lang, DIJKSTRA)
    _check(first.info.status, first.info.message)
    hits = []
    for _ in range(runs):
        start = time.perf_counter()
        result = compiler.compile(lang, DIJKSTRA)
        hits.append(time.perf_counter() - start)
        if not result.info.cached:
            raise RuntimeError("the benchmark solution was not served from the cache")
    return statistics.median(hits) * 1000


def _timed_fresh_compile(compiler: Compiler, language: str, source: str) -> float:
    source = f"// {uuid.uuid4()}\n{source}"
    start = time.perf_counter()
    result = compiler.compile(get_language(language), source)
    elapsed = time.perf_counter() - start
    _check(result.info.status, result.info.message)
    return elapsed


def _check(status: CompileStatus, message: str = "") -> None:
    if status is not CompileStatus.OK:
        raise RuntimeError(f"benchmark solution did not compile: {status} {message[:500]}")
