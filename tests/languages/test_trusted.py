import subprocess
import time
from pathlib import Path

import pytest

from judge.languages.trusted import TrustedCompileError, TrustedCompiler
from judge.problems.model import TrustedProgram
from judge.problems.store import StoredProblem


def test_checker_compiles_once_and_runs(aplusb: StoredProblem, tmp_path: Path) -> None:
    compiler = TrustedCompiler(tmp_path / "trusted")
    assert aplusb.problem.checker is not None
    binary = compiler.compile(aplusb, aplusb.problem.checker)
    start = time.perf_counter()
    again = compiler.compile(aplusb, aplusb.problem.checker)
    assert again == binary and time.perf_counter() - start < 0.5
    test = aplusb.problem.tests[0]
    inp, out = aplusb.path(test.input), aplusb.path(test.output or "")
    proc = subprocess.run([binary, inp, out, out], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stdout.strip() == "1"


def test_broken_trusted_program_fails_clearly(tmp_path: Path, aplusb: StoredProblem) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "bad.cpp").write_text("int main() { return x; }\n")
    stored = StoredProblem(aplusb.problem, root)
    compiler = TrustedCompiler(tmp_path / "trusted")
    for _ in range(2):  # the second failure comes from the cache
        with pytest.raises(TrustedCompileError, match=r"bad\.cpp.*'x' was not declared"):
            compiler.compile(stored, TrustedProgram(source="bad.cpp"))
    with pytest.raises(TrustedCompileError, match="bad path"):
        compiler.compile(stored, TrustedProgram(source="../bad.cpp"))


def test_trusted_program_needs_a_language_that_compiles_trusted_programs(
    tmp_path: Path, aplusb: StoredProblem
) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "checker.py").write_text("print(1)\n")
    stored = StoredProblem(aplusb.problem, root)
    compiler = TrustedCompiler(tmp_path / "trusted")
    with pytest.raises(TrustedCompileError, match=r"no language compiles.*checker\.py"):
        compiler.compile(stored, TrustedProgram(source="checker.py"))
