"""The plain directory format: manifest, tests, optional checker and subtasks."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.problems import manifest, subtask
from judge import shipped
from judge.importers import ImportFailed, import_problem
from judge.importers.plain import PlainSpec
from judge.problems.store import ProblemStore
from judge.settings import ArchiveLimits

Tree = Callable[[dict[str, bytes]], Path]
BAD_COMPARE = ["diff", "float", "float:", "float:-1", "float:x", "float:inf", "float:1e999"]
TESTS = {
    "tests/a1.in": b"1\n",
    "tests/a1.out": b"1\n",
    "tests/b1.in": b"2\n",
    "tests/b1.out": b"2\n",
}


def test_defaults_one_subtask_of_all_tests(
    make_tree: Tree, store: ProblemStore, limits: ArchiveLimits
) -> None:
    root = make_tree({"echo/problem.toml": b'name = "Echo"\n', **_under("echo", TESTS)})
    p = import_problem(root / "echo", store, limits).problem
    assert (p.id, p.name, p.time_limit, p.memory_limit) == ("echo", "Echo", 1.0, 256 << 20)
    assert [(s.name, s.max_score, s.tests) for s in p.subtasks] == [("all", 100, ["a1", "b1"])]
    assert p.batch is not None and (p.batch.compilation, p.batch.evaluation) == ("alone", "diff")
    assert p.checker is None and p.graders == {}


def test_subtask_globs_checker_and_zip(
    make_tree: Tree, store: ProblemStore, limits: ArchiveLimits, tmp_path: Path
) -> None:
    spec = PlainSpec(id="pat", time_limit=2.5, memory_limit_mb=64,
                     subtasks=[subtask("a", 30, "a*"), subtask("all", 70, "a1", "b*")])
    files = {
        "problem.toml": manifest(spec).encode(),
        "tests/a1.in": b"1\n",
        "tests/b1.in": b"2\n",
        "checker/checker.cpp": b"int main() {}\n",
        "checker/testlib.h": b"\n",
    }
    root = make_tree(files)
    archive = shutil.make_archive(str(tmp_path / "pat-archive"), "zip", root)
    p = import_problem(Path(archive), store, limits).problem
    assert p.id == "pat" and p.time_limit == 2.5 and p.memory_limit == 64 << 20
    assert [(s.index, s.name, s.tests) for s in p.subtasks] == [
        (0, "a", ["a1"]),
        (1, "all", ["a1", "b1"]),
    ]
    assert p.checker is not None and p.checker.headers == ["checker/testlib.h"]
    assert p.batch is not None and p.batch.evaluation == "checker"
    assert all(t.output is None for t in p.tests)  # outputs optional with a checker


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"problem.toml": b"name = [", **TESTS}, "not valid TOML"),
        ({"problem.toml": b"colour = 1\n", **TESTS}, "colour: Extra inputs"),
        ({"problem.toml": b"time_limit = -1\n", **TESTS}, "time_limit"),
        ({"problem.toml": b"", "tests/a1.in": b"1\n"}, "has no expected output"),
        ({"problem.toml": b""}, "no tests/ directory"),
        (
            {"problem.toml": b'[[subtasks]]\nname="x"\nscore=1\ntests=["z*"]\n', **TESTS},
            "matches no test",
        ),
        (
            {"problem.toml": b'[[subtasks]]\nname="x"\nscore=1\ntests=["zz"]\n', **TESTS},
            "names missing tests: zz",
        ),
        ({"problem.toml": b'checker = "../x.cpp"\n', **TESTS}, "not a file of the problem"),
        *(
            ({"problem.toml": f'compare = "{bad}"\n'.encode(), **TESTS}, "compare: Value error")
            for bad in BAD_COMPARE
        ),
        (
            {"problem.toml": b'compare = "white-diff"\n', "checker.cpp": b"", **TESTS},
            "compare = 'white-diff' and a checker exclude each other",
        ),
        (
            {"problem.toml": b'compare = "float:1e-6"\n', "tests/a1.in": b"1\n"},
            "has no expected output",
        ),
    ],
)
def test_bad_plain_problems(
    files: dict[str, bytes],
    message: str,
    make_tree: Tree,
    store: ProblemStore,
    limits: ArchiveLimits,
) -> None:
    with pytest.raises(ImportFailed) as info:
        import_problem(make_tree(files), store, limits, "p")
    assert message in str(info.value)
    assert not store.root.exists()


def _under(folder: str, files: dict[str, bytes]) -> dict[str, bytes]:
    return {f"{folder}/{name}": data for name, data in files.items()}


@pytest.mark.parametrize(
    ("compare", "shipped_source", "headers"),
    [
        ("white-diff", "checkers/white_diff.cpp", ["checker/checker_io.h"]),
        (
            "float:1e-4",
            "checkers/float_tolerance.cpp",
            ["checker/checker_io.h", "checker/epsilon.h"],
        ),
    ],
)
def test_compare_with_a_shipped_checker(
    compare: str,
    shipped_source: str,
    headers: list[str],
    make_tree: Tree,
    store: ProblemStore,
    limits: ArchiveLimits,
) -> None:
    files = {"problem.toml": f'compare = "{compare}"\n'.encode(), **TESTS}
    stored = import_problem(make_tree(files), store, limits, "p")
    p = stored.problem
    assert p.checker is not None and (p.checker.source, p.checker.headers) == (
        "checker/checker.cpp",
        headers,
    )
    assert p.batch is not None and p.batch.evaluation == "checker"
    checker = stored.path("checker/checker.cpp").read_bytes()
    assert checker == shipped.source(shipped_source).read_bytes()
    stored_files = sorted(str(f.relative_to(stored.root)) for f in stored.root.rglob("*"))
    assert not [f for f in stored_files if f.startswith(".")]  # the importer's work folder
    shared = stored.path("checker/checker_io.h").read_bytes()
    assert shared == shipped.source("checkers/checker_io.h").read_bytes()
    if "checker/epsilon.h" in headers:
        epsilon = stored.path("checker/epsilon.h").read_text()
        assert epsilon == '#define FLOAT_TOLERANCE_EPSILON "1e-4"\n'


def test_epsilon_is_part_of_the_version(
    make_tree: Tree, store: ProblemStore, limits: ArchiveLimits
) -> None:
    def version(compare: str) -> str:
        files = {"problem.toml": f'compare = "{compare}"\n'.encode(), **TESTS}
        return import_problem(make_tree(files), store, limits, "p").problem.version

    versions = [version(c) for c in ("tokens", "white-diff", "float:1e-4", "float:1e-3")]
    assert len(set(versions)) == 4
    assert version("float:1e-4") == versions[2]
