"""CMS exports in every variant: the IOI 2025 and IOI 2024 packages as zips and as
unpacked folders, ``protocol_version`` 2 with positional parameters,
BatchAndOutput, and the refusals (store unchanged)."""

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
from judge.problems.model import Problem, TaskType
from judge.problems.store import ProblemStore
from judge.settings import ArchiveLimits

# task -> (task type, tests, subtasks)
IOI2025 = {
    "souvenirs": (TaskType.COMMUNICATION, 54, 7),
    "migrations": (TaskType.COMMUNICATION, 132, 3),
    "worldmap": (TaskType.BATCH, 142, 7),
    "triples": (TaskType.BATCH_AND_OUTPUT, 112, 13),
}


def _solution_categories(archive: Path) -> Counter[str]:
    with zipfile.ZipFile(archive) as zf:
        return Counter(
            parts[2]
            for parts in (n.split("/") for n in zf.namelist())
            if len(parts) == 4 and parts[1] == "solutions" and parts[3]
        )


def _unpacked(archive: Path, tmp_path: Path) -> Path:
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path / "unpacked")
    (folder,) = (tmp_path / "unpacked").iterdir()
    return folder


@pytest.mark.parametrize("task", sorted(IOI2025))
@pytest.mark.parametrize("as_folder", [False, True], ids=["zip", "folder"])
def test_ioi2025_imports(
    shared_2025: Path, store: ProblemStore, limits: ArchiveLimits, tmp_path: Path,
    task: str, as_folder: bool,
) -> None:
    archive = shared_2025 / f"{task}.zip"
    source = _unpacked(archive, tmp_path) if as_folder else archive
    stored = import_problem(source, store, limits)
    p = stored.problem
    task_type, n_tests, n_subtasks = IOI2025[task]
    assert (p.id, p.task_type) == (task, task_type)
    assert (len(p.tests), len(p.subtasks)) == (n_tests, n_subtasks)
    assert p.memory_limit == 2 * 1024**3 and sum(s.max_score for s in p.subtasks) == 100
    assert Counter(s.category for s in p.solutions) == _solution_categories(archive)
    assert all(s.language == "cpp20" for s in p.solutions)  # IOI 2025 compiles -std=gnu++20
    for rel in p.judged_files():
        assert stored.path(rel).is_file(), rel
    _check_setup(p)


def _check_setup(p: Problem) -> None:
    if p.task_type is TaskType.COMMUNICATION:
        assert p.communication is not None and p.batch is None and p.checker is None
        expected = 2 if p.id == "migrations" else 1
        assert (p.communication.num_processes, p.communication.compilation) == (expected, "stub")
        assert p.communication.user_io == "std_io"
        assert p.manager is not None and p.manager.source == "graders/manager.cpp"
        assert "graders/testlib.h" in p.manager.headers
        assert p.graders["cpp"].sources == ["graders/stub.cpp"]
        assert p.graders["cpp"].headers == [f"graders/{p.id}.h", "graders/testlib.h"]
    else:
        assert p.batch is not None and p.manager is None
        assert (p.batch.compilation, p.batch.evaluation) == ("grader", "checker")
        assert p.batch.output_only_tests == []  # triples: output files optional, never required
        assert p.checker is not None and p.checker.headers == ["checker/testlib.h"]
        assert p.graders["cpp"].sources == ["graders/grader.cpp"]
    if p.id == "triples":
        assert p.time_limit == 2.0 and [s.index for s in p.subtasks] == list(range(13))
    if p.id == "migrations":
        assert p.time_limit == 3.0 and [s.max_score for s in p.subtasks] == [0, 30, 70]


@pytest.mark.parametrize("task", ["aplusb", "machine", "message"])
def test_ioi2024_folder_equals_zip(
    shared: Path, store: ProblemStore, limits: ArchiveLimits, tmp_path: Path, task: str
) -> None:
    archive = shared / f"{task}-CMS.zip"
    from_zip = import_problem(archive, store, limits).problem
    from_folder = import_problem(_unpacked(archive, tmp_path), store, limits).problem
    assert from_folder.version == from_zip.version
    assert from_folder.model_dump(exclude={"solutions"}) == from_zip.model_dump(
        exclude={"solutions"}
    )


def _rewrite(folder: Path, rel: str, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads((folder / rel).read_text())
    change(data)
    (folder / rel).write_text(json.dumps(data))


def test_protocol_version_2_positional_list(
    shared_2025: Path, store: ProblemStore, limits: ArchiveLimits, tmp_path: Path
) -> None:
    """The newest exports: ``[2, "stub", "std_io"]`` with ``protocol_version`` 2,
    and the same task with fifo_io and alone compilation."""
    folder = _unpacked(shared_2025 / "migrations.zip", tmp_path)
    _rewrite(folder, "problem.json", lambda d: d.update(
        protocol_version=2, task_type_params=[2, "stub", "std_io"]))
    p = import_problem(folder, store, limits).problem
    assert p.communication is not None
    assert p.communication.model_dump() == {
        "num_processes": 2, "user_io": "std_io", "compilation": "stub",
        "manager_output_to_checker": False,
    }
    _rewrite(folder, "problem.json", lambda d: d.update(task_type_params='[3, "alone", "fifo_io"]'))
    p = import_problem(folder, store, limits).problem
    assert p.communication is not None
    assert (p.communication.num_processes, p.communication.compilation) == (3, "alone")
    assert p.communication.user_io == "fifo_io"


def test_batch_and_output_only_tests(
    shared_2025: Path, store: ProblemStore, limits: ArchiveLimits, tmp_path: Path
) -> None:
    """Output-only tests from the fourth positional parameter and from a
    subtask's ``output_only`` flag, together."""
    folder = _unpacked(shared_2025 / "triples.zip", tmp_path)
    _rewrite(folder, "problem.json", lambda d: d.update(
        protocol_version=2, task_type_params=["grader", ["", ""], "comparator", "8-01"]))
    _rewrite(folder, "subtasks/07-subtask7.json", lambda d: d.update(output_only=True))
    p = import_problem(folder, store, limits).problem
    assert p.task_type is TaskType.BATCH_AND_OUTPUT and p.batch is not None
    assert p.batch.output_only_tests == ["7-01", "8-01"]
    assert p.batch.evaluation == "checker"


def test_diff_evaluation_leaves_the_checker_out(
    tiny_files: dict[str, bytes], make_tree: Callable[[dict[str, bytes]], Path],
    store: ProblemStore, limits: ArchiveLimits,
) -> None:
    """CMS never runs a checker under ``diff``; we do not store one either."""
    meta = json.loads(tiny_files["tiny/problem.json"])
    files = {
        **tiny_files,
        "tiny/problem.json": json.dumps({**meta, "task_type": "OutputOnly",
                                         "task_type_params": ["diff"]}).encode(),
        "tiny/checker/checker.cpp": b"int main() {}\n",
    }
    stored = import_problem(make_tree(files) / "tiny", store, limits)
    assert stored.problem.task_type is TaskType.OUTPUT_ONLY and stored.problem.checker is None
    assert not (stored.root / "checker").exists()
    files["tiny/problem.json"] = json.dumps({**meta, "task_type": "OutputOnly"}).encode()
    p = import_problem(make_tree(files) / "tiny", store, limits).problem
    assert p.checker is not None and p.checker.source == "checker/checker.cpp"


BAD_META: dict[str, tuple[dict[str, Any], str]] = {
    "unknown-param": (
        {"task_type_params": {"task_type_parameters_Batch_speed": 2}},
        "task_type_params: unknown parameter 'task_type_parameters_Batch_speed'",
    ),
    "contradictory": (
        {"task_type_params": {"compilation": "alone",
                              "task_type_parameters_Batch_compilation": "grader"}},
        "task_type_params: compilation is given twice with different values",
    ),
    "bad-list": (
        {"protocol_version": 2, "task_type_params": ["alone", ["", ""], "diff", "x"]},
        "a Batch task takes at most 3 parameters",
    ),
    "protocol-3": ({"protocol_version": 3}, "protocol_version 3 is not supported"),
    "comparator-no-checker": (
        {"task_type_params": ["alone", ["", ""], "comparator"]},
        "output_eval is comparator but there is no checker/checker.cpp",
    ),
    "grader-missing": ({"task_type_params": ["grader"]}, "compilation is grader but there is no"),
    "stub-missing": (
        {"task_type": "Communication", "task_type_params": [1, "stub"]},
        "a Communication task needs graders/manager.cpp",
    ),
    "two-step": ({"task_type": "TwoSteps"}, "unsupported task_type 'TwoSteps'"),
    "output-only-test-missing": (
        {"task_type": "BatchAndOutput", "task_type_params": ["alone", ["", ""], "diff", "9-99"]},
        "output-only tests that do not exist: ['9-99']",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_META))
def test_bad_parameters_refused_store_unchanged(
    case: str, tiny_files: dict[str, bytes], make_zip: Callable[[dict[str, bytes]], Path],
    store: ProblemStore, limits: ArchiveLimits,
    take_snapshot: Callable[[ProblemStore], Snapshot],
) -> None:
    import_problem(make_zip(tiny_files), store, limits)
    before = take_snapshot(store)
    change, message = BAD_META[case]
    meta = {**json.loads(tiny_files["tiny/problem.json"]), **change}
    files = {**tiny_files, "tiny/problem.json": json.dumps(meta).encode()}
    with pytest.raises(ImportFailed) as caught:
        import_problem(make_zip(files), store, limits)
    assert message in caught.value.message and "\n" not in caught.value.message
    assert take_snapshot(store) == before


def test_output_only_flag_outside_batch_and_output_refused(
    tiny_files: dict[str, bytes], make_zip: Callable[[dict[str, bytes]], Path],
    store: ProblemStore, limits: ArchiveLimits,
    take_snapshot: Callable[[ProblemStore], Snapshot],
) -> None:
    import_problem(make_zip(tiny_files), store, limits)
    before = take_snapshot(store)
    flagged = {"score": 100, "testcases": ["1-02"], "output_only": True}
    files = {**tiny_files, "tiny/subtasks/01-all.json": json.dumps(flagged).encode()}
    with pytest.raises(ImportFailed, match="output_only/output_optional need a BatchAndOutput"):
        import_problem(make_zip(files), store, limits)
    assert take_snapshot(store) == before


def test_java_and_pascal_solutions_kept_by_name(
    tiny_files: dict[str, bytes], make_zip: Callable[[dict[str, bytes]], Path],
    store: ProblemStore, limits: ArchiveLimits,
) -> None:
    """As TPS-exported CMS packages carry them; other files are left out."""
    files = {
        **tiny_files,
        "tiny/solutions/correct/sol.java": b"class tiny {}\n",
        "tiny/solutions/correct/sol.pas": b"begin end.\n",
        "tiny/solutions/correct/notes.txt": b"why\n",
    }
    p = import_problem(make_zip(files), store, limits).problem
    assert {s.path: s.language for s in p.solutions} == {
        "solutions/correct/sol.java": "java",
        "solutions/correct/sol.pas": "pascal",
        "solutions/model_solution/sol.py": "python3",
    }
