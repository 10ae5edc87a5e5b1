"""``ioi-judge bench compile``: latency of compiling a typical bits/stdc++
solution plain, with the precompiled header, and from the compile cache.

Every timed compile goes through the real sandbox and compiler; plain and PCH
compiles use a fresh source each time (a unique comment), so they miss the cache."""

from __future__ import annotations

import statistics
import time
import uuid

from pydantic import BaseModel, Field

from judge.languages import Compiler, get_language
from judge.results import CompileStatus
from judge.sandbox import Sandbox
from judge.settings import Settings

TYPICAL_SOLUTION = """#include <bits/stdc++.h>
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


class CompileBench(BaseModel):
    language: str
    runs: int
    plain_median_s: float
    pch_median_s: float
    cache_hit_median_ms: float
    pch_ratio: float = Field(description="PCH median / plain median (target <= 0.35).")
    pch_target_met: bool
    cache_target_met: bool = Field(description="Cache hit median <= 5 ms.")
    plain_s: list[float]
    pch_s: list[float]


def run_compile_bench(settings: Settings, runs: int = 5, language: str = "cpp17") -> CompileBench:
    lang = get_language(language)
    plain_settings = settings.model_copy(update={"compile_pch": False})
    sandbox = Sandbox.from_settings(settings, ro_mounts=Compiler.sandbox_mounts(settings))
    try:
        compiler = Compiler(settings, sandbox)
        plain = Compiler(plain_settings, sandbox)
        compiler.warm_up([lang])
        plain_s = [_timed_fresh_compile(plain, language) for _ in range(runs)]
        pch_s = [_timed_fresh_compile(compiler, language) for _ in range(runs)]
        _check(compiler.compile(lang, TYPICAL_SOLUTION).info.status)
        hits = []
        for _ in range(max(runs, 20)):
            start = time.perf_counter()
            result = compiler.compile(lang, TYPICAL_SOLUTION)
            hits.append(time.perf_counter() - start)
            if not result.info.cached:
                raise RuntimeError("the benchmark solution was not served from the cache")
    finally:
        sandbox.close()
    plain_med, pch_med = statistics.median(plain_s), statistics.median(pch_s)
    hit_ms = statistics.median(hits) * 1000
    return CompileBench(
        language=language,
        runs=runs,
        plain_median_s=round(plain_med, 3),
        pch_median_s=round(pch_med, 3),
        cache_hit_median_ms=round(hit_ms, 3),
        pch_ratio=round(pch_med / plain_med, 3),
        pch_target_met=pch_med <= 0.35 * plain_med,
        cache_target_met=hit_ms <= 5.0,
        plain_s=[round(t, 3) for t in plain_s],
        pch_s=[round(t, 3) for t in pch_s],
    )


def _timed_fresh_compile(compiler: Compiler, language: str) -> float:
    source = f"// {uuid.uuid4()}\n{TYPICAL_SOLUTION}"
    start = time.perf_counter()
    result = compiler.compile(get_language(language), source)
    elapsed = time.perf_counter() - start
    _check(result.info.status, result.info.message)
    return elapsed


def _check(status: CompileStatus, message: str = "") -> None:
    if status is not CompileStatus.OK:
        raise RuntimeError(f"benchmark solution did not compile: {status} {message[:500]}")
