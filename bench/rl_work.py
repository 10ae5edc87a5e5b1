"""The work of ``ioi-judge bench rl``: a CodeForces-style problem (the largest
sum of a contiguous subarray), its tests, N unique completions in C++ and Python
(generated variants, right and wrong), and the **bare limit**: the same sources
compiled with the judge's compile line and precompiled header and run on the
same tests by plain subprocesses, no sandbox and no service, on the same cores.
"""

from __future__ import annotations

import os
import random
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from judge.languages import Compiler, get_language
from judge.languages import pch as pch_store
from judge.languages.toolchain import toolchain_id
from judge.settings import Settings
from judge.wire.runs import RunTest

CPP_RIGHT = """#include <bits/stdc++.h>
using namespace std;
// completion {tag}
int main() {{
    int n; cin >> n;
    long long {best} = LLONG_MIN, {cur} = 0;
    for (int i = 0; i < n; i++) {{
        long long x; cin >> x;
        {cur} = max(x, {cur} + x);
        {best} = max({best}, {cur});
    }}
    cout << {best} << "\\n";
}}
"""
# Wrong: int overflows on the large tests; or the empty subarray (0) is allowed.
CPP_WRONG = [
    CPP_RIGHT.replace("long long", "int").replace("LLONG_MIN", "INT_MIN"),
    CPP_RIGHT.replace("LLONG_MIN", "0"),
]
PY_RIGHT = """import sys
# completion {tag}
data = sys.stdin.buffer.read().split()
n = int(data[0])
{best} = None
{cur} = 0
for tok in data[1:n + 1]:
    x = int(tok)
    {cur} = max(x, {cur} + x)
    {best} = {cur} if {best} is None else max({best}, {cur})
print({best})
"""
PY_WRONG = [PY_RIGHT.replace("max(x, {cur} + x)", "max(0, {cur} + x)")]
NAMES = ["best", "ans", "res", "top", "hi", "mx", "answer", "result"]


@dataclass(frozen=True)
class Completion:
    language: str
    source: str
    right: bool


def tests(count: int = 12, seed: int = 13) -> list[RunTest]:
    """Tests of growing size, negative-only and overflowing ones among them."""
    rng = random.Random(seed)
    made = []
    for i in range(count):
        n = 5 + i * 400
        high = 10**9 if i % 3 == 2 else 1000
        low = -high if i % 4 else -high // 2
        values = [rng.randint(low, high) for _ in range(n)]
        if i == 1:
            values = [-rng.randint(1, 100) for _ in range(n)]
        made.append(RunTest(input=f"{n}\n{' '.join(map(str, values))}\n",
                            output=f"{_answer(values)}\n"))
    return made


def _answer(values: list[int]) -> int:
    best, cur = values[0], 0
    for x in values:
        cur = max(x, cur + x)
        best = max(best, cur)
    return best


def completions(count: int, seed: int = 7) -> list[Completion]:
    """``count`` unique sources, alternately C++ and Python, one in three wrong."""
    rng = random.Random(seed)
    made = []
    for i in range(count):
        cpp, wrong = i % 2 == 0, i % 3 == 2
        pool = (CPP_WRONG if wrong else [CPP_RIGHT]) if cpp else (
            PY_WRONG if wrong else [PY_RIGHT])
        best, cur = rng.sample(NAMES, 2)
        source = rng.choice(pool).format(tag=f"{i}-{rng.getrandbits(48):x}", best=best,
                                         cur=f"{cur}_sum")
        made.append(Completion("cpp17" if cpp else "python3", source, not wrong))
    return made


def bare_limit(settings: Settings, work: list[Completion], cases: list[RunTest],
               workers: int) -> tuple[float, list[bool]]:
    """(seconds, accepted per completion) of judging ``work`` bare, shaped as the
    judge is: ``workers`` processes, each compiling one source with the same g++
    line and precompiled header (built on the host first, outside the timing),
    then running its tests as plain subprocesses ``settings.test_concurrency`` at
    a time, outputs compared token by token, stopping at the first failure. (On
    a shared machine, fewer runnable processes would get a smaller CPU share.)"""
    include = host_pch(settings)
    n = len(work)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        verdicts = list(pool.map(_bare_one, work, [cases] * n, [include] * n,
                                 [settings.test_concurrency] * n))
    return time.perf_counter() - started, verdicts


def host_pch(settings: Settings) -> str | None:
    """The host path of the C++ precompiled header the judge's compiles use."""
    lang = get_language("cpp17")
    Compiler.build_headers(settings, [lang])
    root = Compiler.pch_root(settings)
    include = pch_store.PchStore(root).include_dir(lang, toolchain_id(tuple(lang.toolchain_argv())))
    return None if include is None else str(root / include.removeprefix(pch_store.MOUNT + "/"))


def _bare_one(done: Completion, cases: list[RunTest], include: str | None,
              concurrency: int) -> bool:
    lang = get_language(done.language)
    with tempfile.TemporaryDirectory(prefix="bench-rl-bare-") as tmp:
        folder = Path(tmp)
        name = lang.source_name()
        (folder / name).write_text(done.source)
        argv = lang.compile_argv([name], include if lang.pch_flags() is not None else None)
        env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "TMPDIR": tmp}
        if subprocess.run(argv, cwd=folder, env=env, capture_output=True).returncode:
            return False
        run = [str(folder / a) if a == lang.binary_name else a for a in lang.run_argv([name])]
        failed = threading.Event()

        def one(case: RunTest) -> bool:
            if failed.is_set():
                return False
            out = subprocess.run(run, cwd=folder, env=env, input=case.input.encode(),
                                 capture_output=True, timeout=10)
            ok = not out.returncode and out.stdout.split() == case.output.encode().split()
            if not ok:
                failed.set()
            return ok

        with ThreadPoolExecutor(max_workers=concurrency) as threads:
            return all(list(threads.map(one, cases)))


def cores() -> int:
    return len(os.sched_getaffinity(0))
