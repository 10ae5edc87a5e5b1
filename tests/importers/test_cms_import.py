"""The three official IOI 2024 packages import with their subtasks, tests,
graders, checker/manager and reference solutions; re-import is idempotent."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from judge.importers import ImportFailed, import_problem
from judge.problems.model import TaskType
from judge.problems.store import ProblemStore
from judge.settings import ArchiveLimits


def test_aplusb_batch_with_grader_and_checker(
    shared: Path, store: ProblemStore, limits: ArchiveLimits
) -> None:
    stored = import_problem(shared / "aplusb-CMS.zip", store, limits)
    p = stored.problem
    assert (p.id, p.name, p.task_type) == ("aplusb", "A + B", TaskType.BATCH)
    assert (p.time_limit, p.memory_limit, p.score_precision) == (1.0, 2 * 1024**3, 2)
    assert [(s.index, s.name, s.max_score) for s in p.subtasks] == [
        (0, "samples", 0),
        (1, "smallAB", 20),
        (2, "bZero", 30),
        (3, "full", 50),
    ]
    assert len(p.tests) == 17 and all(t.output for t in p.tests)
    full = p.find_subtask("full")
    assert full is not None and len(full.tests) == 17
    assert p.batch is not None
    assert (p.batch.compilation, p.batch.evaluation) == ("grader", "checker")
    assert p.graders["cpp"].sources == ["graders/grader.cpp"]
    assert p.graders["cpp"].headers == ["graders/aplusb.h"]
    assert p.checker is not None and p.checker.source == "checker/checker.cpp"
    assert p.checker.headers == ["checker/testlib.h"]
    assert p.manager is None
    for rel in p.judged_files():
        assert stored.path(rel).is_file(), rel
    assert (stored.root / "problem.json").is_file()


def test_machine_communication_one_process(
    shared: Path, store: ProblemStore, limits: ArchiveLimits
) -> None:
    p = import_problem(shared / "machine-CMS.zip", store, limits).problem
    assert p.task_type is TaskType.COMMUNICATION
    assert len(p.subtasks) == 7 and len(p.tests) == 43
    assert p.communication is not None and p.communication.num_processes == 1
    assert p.manager is not None and p.manager.source == "graders/manager.cpp"
    assert "graders/testlib.h" in p.manager.headers
    assert p.graders["cpp"].sources == ["graders/stub.cpp"]
    assert "graders/machine.h" in p.graders["cpp"].headers
    assert sum(s.max_score for s in p.subtasks) == 100


def test_message_communication_two_processes(
    shared: Path, store: ProblemStore, limits: ArchiveLimits
) -> None:
    p = import_problem(shared / "message-CMS.zip", store, limits).problem
    assert len(p.subtasks) == 3 and len(p.tests) == 28
    assert p.communication is not None and p.communication.num_processes == 2
    assert p.score_precision == 2 and p.time_limit == 3.0
    assert [s.max_score for s in p.subtasks] == [0, 10, 90]


@pytest.mark.parametrize("task", ["aplusb", "machine", "message"])
def test_reference_solutions_kept_with_categories(
    shared: Path, store: ProblemStore, limits: ArchiveLimits, task: str
) -> None:
    archive = shared / f"{task}-CMS.zip"
    with zipfile.ZipFile(archive) as zf:
        expected = Counter(
            n.split("/")[2]
            for n in zf.namelist()
            if n.split("/")[1] == "solutions" and n.endswith(".cpp")
        )
    stored = import_problem(archive, store, limits)
    got = Counter(s.category for s in stored.problem.solutions)
    assert got == expected and sum(got.values()) > 0
    for sol in stored.problem.solutions:
        assert sol.language == "cpp17"
        assert sol.path.startswith(f"solutions/{sol.category}/")
        assert stored.path(sol.path).is_file()


def test_reimport_is_idempotent_and_directory_equals_zip(
    shared: Path, store: ProblemStore, limits: ArchiveLimits, tmp_path: Path
) -> None:
    first = import_problem(shared / "aplusb-CMS.zip", store, limits)
    again = import_problem(shared / "aplusb-CMS.zip", store, limits)
    assert again.problem.version == first.problem.version
    assert len(list((store.root / "aplusb" / "versions").iterdir())) == 1
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(shared / "aplusb-CMS.zip") as zf:
        zf.extractall(unpacked)
    from_dir = import_problem(unpacked / "aplusb", store, limits)
    assert from_dir.problem.version == first.problem.version


def test_changing_a_test_changes_the_version(
    shared: Path, store: ProblemStore, limits: ArchiveLimits, tmp_path: Path
) -> None:
    with zipfile.ZipFile(shared / "aplusb-CMS.zip") as zf:
        zf.extractall(tmp_path / "u")
    root = tmp_path / "u" / "aplusb"
    before = import_problem(root, store, limits).problem.version
    (root / "tests" / "1-01.out").write_text("different\n")
    after = import_problem(root, store, limits)
    assert after.problem.version != before
    assert store.get("aplusb").problem.version == after.problem.version
    assert store.get("aplusb", before).problem.version == before  # old version kept


def test_id_override_and_year_day(shared: Path, store: ProblemStore, limits: ArchiveLimits) -> None:
    p = import_problem(
        shared / "aplusb-CMS.zip", store, limits, "ab-practice", year=2024, day=0
    ).problem
    assert (p.id, p.year, p.day) == ("ab-practice", 2024, 0)
    assert [q.id for q in store.list()] == ["ab-practice"]
    with pytest.raises(ImportFailed, match="invalid problem id"):
        import_problem(shared / "aplusb-CMS.zip", store, limits, "bad id/..")


def test_python_graders_and_params(
    tmp_path: Path, store: ProblemStore, limits: ArchiveLimits, tiny_files: dict[str, bytes]
) -> None:
    meta = json.loads(tiny_files["tiny/problem.json"])
    meta["task_type_params"] = json.dumps(
        {
            "task_type_parameters_Batch_compilation": "grader",
            "task_type_parameters_Batch_io": ["in.txt", "out.txt"],
            "task_type_parameters_Batch_output_eval": "diff",
        }
    )
    files = {
        **tiny_files,
        "tiny/problem.json": json.dumps(meta).encode(),
        "tiny/graders/grader.cpp": b"int main() {}\n",
        "tiny/graders/grader.py": b"print()\n",
        "tiny/graders/tiny.h": b"int f();\n",
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    p = import_problem(tmp_path / "tiny", store, limits).problem
    assert p.graders["python"].sources == ["graders/grader.py"]
    assert p.graders["cpp"].headers == ["graders/tiny.h"]
    assert p.batch is not None
    assert (p.batch.input_file, p.batch.output_file, p.batch.evaluation) == (
        "in.txt",
        "out.txt",
        "diff",
    )
    assert [s.language for s in p.solutions] == ["python3"]


def test_nested_task_folder_is_found(
    shared: Path, store: ProblemStore, limits: ArchiveLimits, tmp_path: Path
) -> None:
    """The README's ``<task>/<task>/`` layout."""
    src = tmp_path / "x"
    with zipfile.ZipFile(shared / "aplusb-CMS.zip") as zf:
        zf.extractall(src / "aplusb")
    shutil.make_archive(str(tmp_path / "nested"), "zip", src)
    p = import_problem(tmp_path / "nested.zip", store, limits).problem
    assert p.id == "aplusb" and len(p.tests) == 17


def test_a_draft_checks_only_the_id_it_keeps(
    tiny_files: dict[str, bytes], make_zip: Callable[[dict[str, bytes]], Path],
    store: ProblemStore, limits: ArchiveLimits,
) -> None:
    # The package's own id is invalid; an override replaces it before it is checked.
    meta = json.loads(tiny_files["tiny/problem.json"])
    files = {**tiny_files, "tiny/problem.json": json.dumps({**meta, "code": "bad id"}).encode()}
    package = make_zip(files)
    assert import_problem(package, store, limits, "tiny").problem.id == "tiny"
    with pytest.raises(ImportFailed, match="invalid problem id 'bad id'"):
        import_problem(package, store, limits)
    wrong = {**meta, "score_precision": 11}  # out of a Problem's range: refused as it is read
    files["tiny/problem.json"] = json.dumps(wrong).encode()
    with pytest.raises(ImportFailed, match="invalid problem: score_precision"):
        import_problem(make_zip(files), store, limits, "tiny")
