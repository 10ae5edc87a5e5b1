"""TPS packages: the three IOI 2017 tasks as zips and folders, TPS's flags and
test-to-subtask mapping, ``solutions.json`` verdicts with ``except``, and one
bad package per way a TPS package can be refused (store unchanged)."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from importer_helpers import Snapshot

from judge.importers import ImportFailed, import_problem
from judge.problems.model import TaskType
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import ArchiveLimits


def _source(archive: Path, tmp_path: Path, as_folder: bool) -> Path:
    if not as_folder:
        return archive
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path / "unpacked")
    return tmp_path / "unpacked" / archive.stem


@pytest.fixture(params=[False, True], ids=["zip", "folder"])
def import_tps(request: pytest.FixtureRequest, shared_tps: Path, store: ProblemStore,
               limits: ArchiveLimits, tmp_path: Path) -> Callable[[str], StoredProblem]:
    """Import a shared TPS package by name, as the zip and as the unpacked folder."""
    def load(name: str) -> StoredProblem:
        return import_problem(_source(shared_tps / f"{name}.zip", tmp_path, request.param),
                              store, limits)
    return load


def test_wiring_batch_with_grader(import_tps: Callable[[str], StoredProblem]) -> None:
    stored = import_tps("wiring")
    p = stored.problem
    assert (p.id, p.name, p.task_type) == ("wiring", "Wiring", TaskType.BATCH)
    assert (p.time_limit, p.memory_limit) == (1.0, 256 * 1024**2)
    assert [(s.index, s.name, s.max_score, len(s.tests)) for s in p.subtasks] == [
        (0, "samples", 0, 1), (1, "slow", 7, 16), (2, "redsfirst", 13, 9),
        (3, "smallblocks", 10, 24), (4, "consecutive", 25, 24), (5, "full", 45, 102),
    ]
    assert len(p.tests) == 103 and all(t.output for t in p.tests)
    assert p.batch is not None
    assert (p.batch.compilation, p.batch.evaluation) == ("grader", "checker")
    assert p.graders["cpp"].model_dump() == {
        "sources": ["graders/grader.cpp"], "headers": ["graders/wiring.h"]}
    assert p.checker is not None and p.checker.model_dump() == {
        "source": "checker/checker.cpp", "headers": ["checker/testlib.h"]}
    assert p.manager is None
    by_path = {s.path: s for s in p.solutions}
    assert len(by_path) == 19
    assert Counter(s.language for s in p.solutions) == {"cpp17": 16, "java": 2, "pascal": 1}
    haghani = by_path["solutions/incorrect/wiring-haghani-wa.cpp"]
    assert haghani.subtask_categories == {
        "smallblocks": "correct", "consecutive": "failed", "full": "failed"}
    java = by_path["solutions/time_limit/wiring-roghani-smallblocks.java"]
    assert (java.language, java.category) == ("java", "time_limit")
    assert by_path["solutions/model_solution/wiring-mahdi-ac.cpp"].subtask_categories == {}
    for rel in [*p.judged_files(), *by_path]:
        assert stored.path(rel).is_file(), rel
    stored_files = {f.relative_to(stored.root).parts[0] for f in stored.root.rglob("*")}
    assert not stored_files & {"gen", "validator", "sandbox", "public", "scripts", "grader"}


def test_the_big_prize_communication(import_tps: Callable[[str], StoredProblem]) -> None:
    p = import_tps("the_big_prize").problem
    assert (p.id, p.name, p.task_type) == ("prize", "The Big Prize", TaskType.COMMUNICATION)
    assert p.memory_limit == 1024 * 1024**2
    assert p.communication is not None and p.communication.model_dump() == {
        "num_processes": 1, "user_io": "fifo_io", "compilation": "stub",
        "manager_output_to_checker": True,
    }
    assert p.manager is not None and p.manager.source == "graders/manager.cpp"
    assert p.graders["cpp"].model_dump() == {
        "sources": ["graders/stub.cpp"], "headers": ["graders/prize.h"]}
    assert p.checker is not None and p.checker.source == "checker/checker.cpp"
    assert [(s.name, s.max_score, len(s.tests)) for s in p.subtasks] == [
        ("samples", 0, 1), ("v2", 20, 10), ("no_limit", 80, 97)]
    assert len(p.tests) == 108
    assert Counter(s.language for s in p.solutions) == {"cpp17": 29, "java": 2, "pascal": 1}
    partial = [s for s in p.solutions if s.category == "partially_correct"]
    assert len(partial) == 22 and all(s.subtask_categories == {"v2": "correct"} for s in partial)


def test_nowruz_output_only(import_tps: Callable[[str], StoredProblem]) -> None:
    p = import_tps("nowruz").problem
    assert (p.id, p.task_type, p.graders, p.manager) == ("nowruz", TaskType.OUTPUT_ONLY, {}, None)
    assert p.checker is not None and p.checker.source == "checker/checker.cpp"
    assert [(s.index, s.name, s.tests) for s in p.subtasks][:2] == [
        (1, "subtask01", ["01"]), (2, "subtask02", ["02"])]
    assert len(p.subtasks) == 10 and p.max_score == 100 and len(p.tests) == 10
    assert Counter(s.category for s in p.solutions) == {
        "incorrect": 7, "partially_correct": 5, "model_solution": 1}


def _with(files: dict[str, bytes], rel: str, change: dict[str, Any]) -> dict[str, bytes]:
    return {**files, rel: json.dumps({**json.loads(files[rel]), **change}).encode()}


def _communication(files: dict[str, bytes], **flags: Any) -> dict[str, bytes]:
    files = _with(files, "tiny/problem.json", {"type": "Communication", **flags})
    files["tiny/grader/manager.cpp"] = b"int main() {}\n"
    return files


def test_tiny_tps_flags_and_mapping(
    tiny_tps: dict[str, bytes], make_zip: Callable[[dict[str, bytes]], Path],
    store: ProblemStore, limits: ArchiveLimits,
) -> None:
    p = import_problem(make_zip(tiny_tps), store, limits).problem
    assert [(s.name, s.tests) for s in p.subtasks] == [
        ("samples", ["0-01"]), ("full", ["0-01", "1-01"])]
    assert {s.path: (s.language, s.subtask_categories) for s in p.solutions} == {
        "solutions/model_solution/sol.cpp": ("cpp17", {}),
        "solutions/incorrect/half.cpp": ("cpp17", {"samples": "correct"}),
        "solutions/correct/sol.java": ("java", {}),
    }
    no_grader = _with(tiny_tps, "tiny/problem.json", {"has_grader": False, "has_checker": False})
    p = import_problem(make_zip(no_grader), store, limits).problem
    assert p.batch is not None and (p.batch.compilation, p.batch.evaluation) == ("alone", "diff")
    assert (p.graders, p.checker) == ({}, None)


def test_tps_communication_checker_and_io(
    tiny_tps: dict[str, bytes], make_zip: Callable[[dict[str, bytes]], Path],
    store: ProblemStore, limits: ArchiveLimits,
) -> None:
    """Later TPS scripts default has_checker to false for Communication (the
    manager scores); the IOI 2017 scripts always run the checker on its output."""
    newer = _communication(tiny_tps, num_processes=2)
    newer["tiny/scripts/internal/problem_data.sh"] = b'HAS_CHECKER="$(...)"\n'
    p = import_problem(make_zip(newer), store, limits).problem
    assert p.communication is not None and p.checker is None
    assert (p.communication.num_processes, p.communication.user_io) == (2, "std_io")
    assert not p.communication.manager_output_to_checker
    older = _communication(tiny_tps)
    older["tiny/scripts/internal/problem_data.sh"] = b'HAS_GRADER="$(...)"\n'
    older["tiny/grader/cpp/grader.cpp"] = b'int main(int c, char **argv) { fopen(argv[1], "r"); }'
    p = import_problem(make_zip(older), store, limits).problem
    assert p.communication is not None and p.checker is not None
    assert p.communication.manager_output_to_checker and p.communication.user_io == "fifo_io"
    assert p.graders["cpp"].sources == ["graders/stub.cpp"]


def test_mapping_from_test_names_only_when_exact(
    tiny_tps: dict[str, bytes], make_zip: Callable[[dict[str, bytes]], Path],
    store: ProblemStore, limits: ArchiveLimits,
) -> None:
    files = dict(tiny_tps)
    del files["tiny/tests/mapping"]
    p = import_problem(make_zip(files), store, limits).problem
    assert [(s.name, s.tests) for s in p.subtasks] == [("samples", ["0-01"]), ("full", ["1-01"])]
    files["tiny/gen/data"] += b"@include samples\n"
    with pytest.raises(ImportFailed, match="no tests/mapping, and the test names and gen/data"):
        import_problem(make_zip(files), store, limits)


def _drop(files: dict[str, bytes], prefix: str) -> dict[str, bytes]:
    return {k: v for k, v in files.items() if not k.startswith(prefix)}


BAD: dict[str, tuple[Callable[[dict[str, bytes]], dict[str, bytes]], str]] = {
    "no-tests": (lambda f: _drop(f, "tiny/tests/"), "the TPS package has no tests (tests/*.in)"),
    "missing-solution": (lambda f: _drop(f, "tiny/solution/half"),
                         "solutions.json names solution/half.cpp, which is not in the package"),
    "unknown-type": (lambda f: _with(f, "tiny/problem.json", {"type": "TwoSteps"}),
                     "unsupported TPS type 'TwoSteps'"),
    "unknown-verdict": (lambda f: _with(f, "tiny/solutions.json", {"x.cpp": {"verdict": "fast"}}),
                        "x.cpp: unknown verdict 'fast'"),
    "except-unknown-subtask": (
        lambda f: _with(f, "tiny/solutions.json",
                        {"sol.cpp": {"verdict": "correct", "except": {"n2": "time_limit"}}}),
        "except names unknown subtask 'n2'"),
    "mapping-unknown-subtask": (
        lambda f: {**f, "tiny/tests/mapping": b"samples 0-01\nhuge 1-01\n"},
        "tests/mapping line 2: unknown subtask 'huge'"),
    "mapping-missing-test": (
        lambda f: {**f, "tiny/tests/mapping": b"samples 0-01\nfull 9-99\n"},
        "tests/mapping line 2: test '9-99' is not in tests/"),
    "subtask-without-tests": (lambda f: {**f, "tiny/tests/mapping": b"samples 0-01\n"},
                              "subtask 'full' has no tests in tests/mapping"),
    "no-subtasks-json": (lambda f: _drop(f, "tiny/subtasks.json"), "has no subtasks.json"),
    "cms-and-tps": (lambda f: {**f, "tiny/subtasks/01-all.json": b"{}"},
                    "mixes the CMS layout (task_type, subtasks/) and the TPS layout"),
    "grader-missing": (lambda f: _drop(f, "tiny/grader/"),
                       "has_grader but there is no grader/cpp/grader.cpp"),
    "num-processes-on-batch": (lambda f: _with(f, "tiny/problem.json", {"num_processes": 2}),
                               "num_processes is only understood for Communication"),
    "communication-checker-unknown": (_communication, "must say has_checker"),
    "manager-missing": (lambda f: _drop(_communication(f, has_checker=False), "tiny/grader/man"),
                        "a Communication task needs grader/manager.cpp"),
    "contradicting-type-params": (
        lambda f: _with(f, "tiny/problem.json", {"type_params": {"compilation": "alone"}}),
        "type_params compilation 'alone' contradicts 'grader'"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_tps_package_refused_store_unchanged(
    case: str, tiny_tps: dict[str, bytes], make_zip: Callable[[dict[str, bytes]], Path],
    store: ProblemStore, limits: ArchiveLimits,
    take_snapshot: Callable[[ProblemStore], Snapshot],
) -> None:
    import_problem(make_zip(tiny_tps), store, limits)
    before = take_snapshot(store)
    change, message = BAD[case]
    with pytest.raises(ImportFailed) as caught:
        import_problem(make_zip(change(dict(tiny_tps))), store, limits)
    assert message in caught.value.message and "\n" not in caught.value.message
    assert take_snapshot(store) == before
