"""The precompiled header inside the sandbox: it is really used, and compiles
with and without it give the same programs and the same outputs."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from shared_data import shared

from judge.languages import CompiledProgram, Compiler, get_language
from judge.problems.store import StoredProblem
from judge.sandbox import Limits, RunSpec, RunStatus
from judge.settings import Settings
from judge.wire.results import CompileStatus

pytestmark = pytest.mark.slow

STDCPP_SOLUTION = (
    '#include <bits/stdc++.h>\n#include "aplusb.h"\n'
    "int sum(int a, int b) {\n"
    "  std::vector<int> v{a, b};\n  return std::accumulate(v.begin(), v.end(), 0);\n}\n"
)


def test_pch_is_used_inside_the_box(settings: Settings, sandbox: Any) -> None:
    compiler = Compiler(settings, sandbox)
    lang = get_language("cpp17")
    assert compiler.pch is not None
    pch_dir = compiler.pch.include_dir(lang, compiler.toolchain(lang))
    assert pch_dir is not None
    with sandbox.box() as box:
        (box.path / "sol.cpp").write_text(lang.self_test.source)
        argv = [*lang.compile_argv(["sol.cpp"], pch_dir), "-H", "-Winvalid-pch"]
        limits = Limits(cpu_time=10, wall_time=20, memory=2 << 30, processes=16, output=256 << 20)
        result = box.run(RunSpec(argv=argv, limits=limits, stderr=box.path / "err.txt"))
        err = (box.path / "err.txt").read_text()
    assert result.status is RunStatus.OK, err
    assert err.splitlines()[0] == f"! {pch_dir}/bits/stdc++.h.gch"


def _with_grader(compiler: Compiler, stored: StoredProblem, source: str) -> CompiledProgram:
    files = stored.problem.graders["cpp"]
    extra = {Path(r).name: stored.path(r).read_bytes() for r in files.sources + files.headers}
    graders = [Path(r).name for r in files.sources]
    return compiler.compile(get_language("cpp17"), source, extra, graders, use_cache=False)


def _outputs(sandbox: Any, program: CompiledProgram, stored: StoredProblem) -> list[str]:
    outputs = []
    for test in stored.problem.tests[:2]:
        with sandbox.box() as box:
            spec = program.executable.run_spec(
                box, limits=Limits(cpu_time=2, wall_time=5, memory=256 << 20),
                stdin=stored.path(test.input), stdout=box.path / "out.txt",
            )  # fmt: skip
            assert box.run(spec).status is RunStatus.OK
            outputs.append((box.path / "out.txt").read_text())
    return outputs


def test_pch_and_plain_give_the_same_verdicts(
    settings: Settings, sandbox: Any, aplusb: StoredProblem, tmp_path: Path
) -> None:
    with_pch = Compiler(settings, sandbox)
    plain = Compiler(settings.model_copy(update={"compile_pch": False}), sandbox)
    sources = [p.read_text() for p in sorted((aplusb.root / "solutions").glob("*/*.cpp"))]
    sources.append(STDCPP_SOLUTION)
    for source in sources:
        a, b = _with_grader(with_pch, aplusb, source), _with_grader(plain, aplusb, source)
        assert a.info.status is CompileStatus.OK and b.info.status is CompileStatus.OK
        assert a.info.message == b.info.message
        assert a.executable.binary and b.executable.binary
        assert a.executable.binary.read_bytes() == b.executable.binary.read_bytes()
        assert _outputs(sandbox, a, aplusb) == _outputs(sandbox, b, aplusb)
    expected = aplusb.path(aplusb.problem.tests[0].output or "").read_text()
    model = _with_grader(with_pch, aplusb, STDCPP_SOLUTION)
    assert _outputs(sandbox, model, aplusb)[0].split()[-1] == expected.split()[-1]


def test_cached_grader_object_links_to_the_ioi_binary(
    settings: Settings, sandbox: Any, aplusb: StoredProblem
) -> None:
    """The grader is compiled once to grader.o; linking it with a submission
    gives the very binary of the one-line IOI compile."""
    compiler = Compiler(settings, sandbox)
    lang = get_language("cpp17")
    source = aplusb.path("solutions/model_solution/solution.cpp").read_text()
    program = _with_grader(compiler, aplusb, source)
    assert program.executable.binary is not None
    objects = list(compiler.cache.entries.glob("*/grader.o"))
    assert objects, "the grader object is not in the cache"
    with sandbox.box() as box:
        for rel in ("graders/grader.cpp", "graders/aplusb.h"):
            (box.path / Path(rel).name).write_bytes(aplusb.path(rel).read_bytes())
        (box.path / "sol.cpp").write_text(source)
        limits = Limits(cpu_time=10, wall_time=20, memory=2 << 30, processes=16, output=256 << 20)
        argv = lang.compile_argv(["grader.cpp", "sol.cpp"])
        assert box.run(RunSpec(argv=argv, limits=limits)).status is RunStatus.OK
        assert (box.path / "prog").read_bytes() == program.executable.binary.read_bytes()


@pytest.fixture(scope="module")
def machine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("machine")
    with zipfile.ZipFile(shared("ioi2024", "machine-CMS.zip")) as zf:
        zf.extractall(out)
    return out / "machine"


def test_task_header_pch_for_header_first_solutions(
    settings: Settings, sandbox: Any, machine: Path
) -> None:
    """``#include "machine.h"`` then bits/stdc++.h: g++ loads the task header
    PCH, and the binary is the one compiled without any PCH."""
    lang = get_language("cpp17")
    with_pch = Compiler(settings, sandbox)
    plain = Compiler(settings.model_copy(update={"compile_pch": False}), sandbox)
    header = (machine / "graders" / "machine.h").read_bytes()
    extra = {"stub.cpp": (machine / "graders" / "stub.cpp").read_bytes(), "machine.h": header}
    source = (machine / "solutions/incorrect/mruxim-sub123.cpp").read_text()
    assert source.startswith('#include "machine.h"\n#include <bits/stdc++.h>')
    a = with_pch.compile(lang, source, extra, ["stub.cpp"], use_cache=False)
    b = plain.compile(lang, source, extra, ["stub.cpp"], use_cache=False)
    assert a.info.ok and b.info.ok and a.info.message == b.info.message
    assert a.executable.binary and b.executable.binary
    assert a.executable.binary.read_bytes() == b.executable.binary.read_bytes()
    assert with_pch.pch is not None
    target = with_pch.pch.task_header(lang, with_pch.toolchain(lang), "machine.h", header)
    assert target is not None
    with sandbox.box() as box:
        (box.path / "machine.h").write_bytes(header)
        (box.path / "sol.cpp").write_text(source)
        os.symlink(target, box.path / "machine.h.gch")
        flags = lang.pch_flags() or []
        argv = ["/usr/bin/g++", "-H", "-Winvalid-pch", *flags, "-c", "sol.cpp"]
        limits = Limits(cpu_time=10, wall_time=20, memory=2 << 30, processes=16, output=256 << 20)
        run = box.run(RunSpec(argv=argv, limits=limits, stderr=box.path / "err.txt"))
        err = (box.path / "err.txt").read_text()
    assert run.status is RunStatus.OK, err
    assert err.splitlines()[0].startswith("! ") and err.splitlines()[0].endswith("machine.h.gch")
