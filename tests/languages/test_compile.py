"""Compiles through the real sandbox: verdicts, bombs, the cache, concurrency."""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from pathlib import Path
from typing import Any

import pytest

from judge.languages import CompiledProgram, Compiler, get_language
from judge.languages.selftest import self_test
from judge.sandbox import Limits, RunStatus
from judge.settings import Settings
from judge.wire.results import CompileStatus

pytestmark = pytest.mark.slow

SUM_CPP = (
    '#include <cstdio>\nint main() { int a, b; scanf("%d %d", &a, &b); printf("%d\\n", a + b); }\n'
)


@pytest.fixture(scope="module")
def compiler(settings: Settings, sandbox: Any) -> Compiler:
    return Compiler(settings, sandbox)


def run(sandbox: Any, program: CompiledProgram, stdin: str) -> tuple[Any, str]:
    """Run a compiled program in a box on ``stdin``: (RunResult, stdout)."""
    with sandbox.box() as box:
        (box.path / "in.txt").write_text(stdin)
        spec = program.executable.run_spec(
            box, limits=Limits(cpu_time=5, wall_time=10, memory=512 << 20),
            stdin=box.path / "in.txt", stdout=box.path / "out.txt", stderr=box.path / "err.txt",
        )  # fmt: skip
        result = box.run(spec)
        return result, (box.path / "out.txt").read_text()


@pytest.mark.parametrize("name", ["cpp17", "cpp20", "python3"])
def test_self_test_compiles_and_runs(
    compiler: Compiler, settings: Settings, sandbox: Any, name: str
) -> None:
    if name == "cpp20":  # spare the suite building a second PCH; cpp17 covers it
        compiler = Compiler(settings.model_copy(update={"compile_pch": False}), sandbox)
    assert self_test(compiler, get_language(name)) == ""


def test_cpp_syntax_error_is_ce_with_message(compiler: Compiler) -> None:
    program = compiler.compile(get_language("cpp17"), "int main() { return x }\n")
    assert program.info.status is CompileStatus.CE
    assert "sol.cpp:1" in program.info.message and "'x' was not declared" in program.info.message
    again = compiler.compile(get_language("cpp17"), "int main() { return x }\n")
    assert again.info.cached and again.info.message == program.info.message


def test_python_syntax_error_is_ce(compiler: Compiler) -> None:
    program = compiler.compile(get_language("python3"), "print('a'\nx = = 1\n")
    assert program.info.status is CompileStatus.CE
    assert "SyntaxError" in program.info.message and "sol.py" in program.info.message


def test_python_exception_is_a_runtime_error(compiler: Compiler, sandbox: Any) -> None:
    program = compiler.compile(get_language("python3"), "raise ValueError('boom')\n")
    assert program.info.status is CompileStatus.OK
    result, _ = run(sandbox, program, "")
    assert result.status is RunStatus.RE and result.exit_code == 1


def test_python_grader_imports_the_submission(compiler: Compiler, sandbox: Any) -> None:
    grader = b"import sys\nimport sol\nfrom helper import parse\nprint(sol.add(*parse()))\n"
    helper = b"import sys\ndef parse():\n    return map(int, sys.stdin.read().split())\n"
    source = "def add(a, b):\n    return a + b\n"
    files = {"grader.py": grader, "helper.py": helper}
    program = compiler.compile(get_language("python3"), source, files, ["grader.py"])
    assert program.info.status is CompileStatus.OK, program.info.message
    result, out = run(sandbox, program, "3 4\n")
    assert result.status is RunStatus.OK and out == "7\n"


def test_cache_hit_is_the_same_binary_and_fast(compiler: Compiler) -> None:
    lang = get_language("cpp17")
    first = compiler.compile(lang, SUM_CPP + "// cache test\n")
    start = time.perf_counter()
    second = compiler.compile(lang, SUM_CPP + "// cache test\n")
    elapsed = time.perf_counter() - start
    assert not first.info.cached and second.info.cached and elapsed < 0.5
    assert first.executable.binary == second.executable.binary
    assert first.executable.binary is not None and first.executable.binary.is_file()


def test_grader_files_are_checked(compiler: Compiler) -> None:
    program = compiler.compile(get_language("cpp17"), SUM_CPP, {"../x.cpp": b""}, ["../x.cpp"])
    assert (
        program.info.status is CompileStatus.SE and "bad grader file name" in program.info.message
    )


BOMBS = {
    "dev_random": '#include "/dev/random"\nint main() {}\n',
    "self_include": "#include __FILE__\nint main() {}\n",
    "huge_array": "char a[1 << 30] = {1};\nint main() { return a[5]; }\n",
    "templates": (
        "#include <tuple>\n#include <utility>\n"
        "template <int N> struct D { using type = decltype(std::tuple_cat("
        "std::declval<typename D<N - 1>::type>(), std::declval<typename D<N - 1>::type>())); };\n"
        "template <> struct D<0> { using type = std::tuple<int>; };\n"
        "D<18>::type x;\nint main() {}\n"
    ),
}


@pytest.fixture(scope="module")
def tight_compiler(
    settings: Settings, sandbox: Any, tmp_path_factory: pytest.TempPathFactory
) -> Compiler:
    tight = settings.model_copy(
        update={
            "data_dir": tmp_path_factory.mktemp("tight"),
            "compile_cpu_seconds": 3.0,
            "compile_wall_seconds": 6.0,
            "compile_memory_bytes": 768 << 20,
            "compile_pch": False,
        }
    )
    return Compiler(tight, sandbox)


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_compile_bombs_end_in_ce(tight_compiler: Compiler, bomb: str) -> None:
    start = time.perf_counter()
    program = tight_compiler.compile(get_language("cpp17"), BOMBS[bomb], use_cache=False)
    assert program.info.status is CompileStatus.CE, program.info.message
    assert program.info.message.strip()
    if bomb == "huge_array":
        assert "output limit exceeded" in program.info.message
    assert len(program.info.message) <= 64 * 1024 + 100
    assert time.perf_counter() - start < 30
    ok = tight_compiler.compile(get_language("cpp17"), SUM_CPP + f"// after {bomb}\n")
    assert ok.info.status is CompileStatus.OK  # the host still works


def test_lru_eviction_with_real_binaries(settings: Settings, sandbox: Any, tmp_path: Path) -> None:
    small = settings.model_copy(
        update={"data_dir": tmp_path, "compile_cache_bytes": 1, "compile_cache_grace_seconds": 0}
    )
    compiler = Compiler(small, sandbox)
    lang = get_language("cpp17")
    first = compiler.compile(lang, SUM_CPP + "// one\n")
    second = compiler.compile(lang, SUM_CPP + "// two\n")
    assert second.executable.binary is not None and second.executable.binary.is_file()
    assert first.executable.binary is not None and not first.executable.binary.exists()
    assert not compiler.compile(lang, SUM_CPP + "// one\n").info.cached


def _compile_in_child(settings: Settings, source: str, queue: Any, barrier: Any) -> None:
    from judge.sandbox import Sandbox

    sandbox = Sandbox.from_settings(settings, ro_mounts=Compiler.sandbox_mounts(settings))
    try:
        compiler = Compiler(settings, sandbox)
        barrier.wait()
        program = compiler.compile(get_language("cpp17"), source)
        binary = program.executable.binary
        assert binary is not None
        queue.put(
            (program.info.cached, str(binary), hashlib.sha256(binary.read_bytes()).hexdigest())
        )
    finally:
        sandbox.close()


def test_two_processes_compile_a_key_once(settings: Settings, tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    queue, barrier = ctx.Queue(), ctx.Barrier(2)
    own = settings.model_copy(update={"data_dir": tmp_path})
    procs = [
        ctx.Process(target=_compile_in_child, args=(own, SUM_CPP + "// race\n", queue, barrier))
        for _ in range(2)
    ]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert sorted(cached for cached, _, _ in results) == [False, True]
    assert len({(path, digest) for _, path, digest in results}) == 1


def test_unencodable_source_is_a_ce_not_a_traceback(compiler: Compiler) -> None:
    program = compiler.compile(get_language("cpp17"), "int main() { return 0; }\udc80\n")
    assert program.info.status is CompileStatus.CE and "stray" in program.info.message
