"""Every bad package is refused with its own one-line message and leaves the
store exactly as it was (snapshotted before and after)."""

from __future__ import annotations

import json
import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from importer_helpers import minimal_cms, snapshot, write_tree, write_zip

from judge.importers import ImportFailed, import_problem
from judge.problems.store import ProblemStore
from judge.settings import ArchiveLimits

Builder = Callable[[Path], tuple[Path, ArchiveLimits]]
DEFAULT = ArchiveLimits()


def _zip(files: dict[str, bytes], limits: ArchiveLimits = DEFAULT) -> Builder:
    return lambda tmp: (write_zip(tmp / "bad.zip", files), limits)


def _changed(changes: dict[str, bytes | None]) -> dict[str, bytes]:
    """The tiny package with some files (relative to ``tiny/``) replaced or removed."""
    files = minimal_cms()
    for name, data in changes.items():
        key = f"tiny/{name}"
        if data is None:
            files.pop(key)
        else:
            files[key] = data
    return files


def _symlink_zip(tmp: Path) -> tuple[Path, ArchiveLimits]:
    path = write_zip(tmp / "bad.zip", minimal_cms())
    with zipfile.ZipFile(path, "a") as zf:
        info = zipfile.ZipInfo("tiny/tests/1-03.in")
        info.create_system = 3
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/passwd")
    return path, DEFAULT


def _lying_header_zip(tmp: Path) -> tuple[Path, ArchiveLimits]:
    """A 3 MB entry whose central directory declares 100 bytes."""
    files = {**minimal_cms(), "tiny/tests/1-02.in": os.urandom(3 << 20)}
    path = write_zip(tmp / "bad.zip", files)
    data = bytearray(path.read_bytes())
    name = b"tiny/tests/1-02.in"
    pos = data.rfind(name)
    header = pos - 46  # central directory entry starts 46 bytes before the name
    assert data[header : header + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, header + 24, 100)
    path.write_bytes(bytes(data))
    return path, DEFAULT


def _truncated_zip(tmp: Path) -> tuple[Path, ArchiveLimits]:
    path = write_zip(tmp / "bad.zip", minimal_cms())
    path.write_bytes(path.read_bytes()[:300])
    return path, DEFAULT


def _not_a_zip(tmp: Path) -> tuple[Path, ArchiveLimits]:
    path = tmp / "bad.zip"
    path.write_text("just text\n")
    return path, DEFAULT


def _dir_with_symlink(tmp: Path) -> tuple[Path, ArchiveLimits]:
    root = write_tree(tmp / "tree", minimal_cms()) / "tiny"
    os.symlink("/etc/passwd", root / "tests" / "1-03.in")
    return root, DEFAULT


def _duplicate_entry(tmp: Path) -> tuple[Path, ArchiveLimits]:
    path = write_zip(tmp / "bad.zip", minimal_cms())
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "a") as zf:
        zf.writestr("tiny/tests/1-01.out", b"4\n")
    return path, DEFAULT


MANIFEST = json.loads(minimal_cms()["tiny/problem.json"])
COMMUNICATION = {**MANIFEST, "task_type": "Communication"}
BAD_PARAMS = {**MANIFEST, "task_type_params": "{not json"}
BAD_ID = {**MANIFEST, "code": "no spaces allowed"}

CASES: dict[str, tuple[Builder, str]] = {
    "traversal": (_zip({**minimal_cms(), "tiny/../../evil.txt": b"x"}), "outside the archive"),
    "absolute": (_zip({**minimal_cms(), "/etc/evil": b"x"}), "absolute path"),
    "symlink": (_symlink_zip, "symbolic link"),
    "dir-symlink": (_dir_with_symlink, "symbolic link"),
    "too-many-files": (_zip(minimal_cms(), ArchiveLimits(max_files=3)), "JUDGE_ARCHIVE_MAX_FILES"),
    "too-big-total": (
        _zip(minimal_cms(), ArchiveLimits(max_unpacked_bytes=50)),
        "JUDGE_ARCHIVE_MAX_UNPACKED",
    ),
    "too-big-file": (
        _zip(
            {**minimal_cms(), "tiny/tests/1-02.in": b"1 " * 5000},
            ArchiveLimits(max_file_bytes=4096),
        ),
        "JUDGE_ARCHIVE_MAX_FILE_BYTES",
    ),
    "bomb-ratio": (
        _zip(
            {**minimal_cms(), "tiny/tests/1-02.in": bytes(8 << 20)},
            ArchiveLimits(max_compression_ratio=100),
        ),
        "zip bomb",
    ),
    "lying-header": (_lying_header_zip, "corrupt"),
    "not-a-zip": (_not_a_zip, "not a zip archive"),
    "truncated": (_truncated_zip, "truncated"),
    "duplicate-entry": (_duplicate_entry, "duplicate entry"),
    "no-manifest": (_zip(_changed({"problem.json": None})), "no problem.json"),
    "bad-json": (_zip(_changed({"problem.json": b"{oops"})), "problem.json is not valid JSON"),
    "bad-params": (
        _zip(_changed({"problem.json": json.dumps(BAD_PARAMS).encode()})),
        "task_type_params is not valid JSON",
    ),
    "bad-subtask-json": (
        _zip(_changed({"subtasks/01-all.json": b"[1, 2"})),
        "subtasks/01-all.json is not valid JSON",
    ),
    "missing-test": (
        _zip(_changed({"subtasks/01-all.json": b'{"score": 100, "testcases": ["1-01", "9-99"]}'})),
        "names missing tests: 9-99",
    ),
    "no-output": (_zip(_changed({"tests/1-02.out": None})), "has no expected output"),
    "orphan-output": (_zip(_changed({"tests/1-02.in": None})), "has no matching"),
    "invalid-id": (
        _zip(_changed({"problem.json": json.dumps(BAD_ID).encode()})),
        "invalid problem id",
    ),
    "communication-without-manager": (
        _zip(_changed({"problem.json": json.dumps(COMMUNICATION).encode()})),
        "needs graders/manager.cpp",
    ),
    "duplicate-subtask-index": (
        _zip(_changed({"subtasks/01-other.json": b'{"score": 5, "testcases": ["1-01"]}'})),
        "two subtasks have the index 1",
    ),
}


def test_cases_have_distinct_messages() -> None:
    fragments = [fragment for _, fragment in CASES.values()]
    assert len(CASES) >= 20
    assert len(set(fragments)) >= len(fragments) - 2  # symlinks share one, by design


def test_the_base_package_imports(
    store: ProblemStore, make_zip: Callable[[dict[str, bytes]], Path]
) -> None:
    p = import_problem(make_zip(minimal_cms()), store, DEFAULT).problem
    assert p.id == "tiny" and len(p.tests) == 2 and len(p.subtasks) == 2


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_package_is_refused_and_store_unchanged(
    case: str, tmp_path: Path, shared: Path, store: ProblemStore
) -> None:
    import_problem(shared / "aplusb-CMS.zip", store, DEFAULT)  # something to lose
    import_problem(write_zip(tmp_path / "tiny.zip", minimal_cms()), store, DEFAULT)
    build, fragment = CASES[case]
    path, limits = build(tmp_path)
    before = snapshot(store)
    with pytest.raises(ImportFailed) as info:
        import_problem(path, store, limits)
    message = str(info.value)
    assert fragment in message, message
    assert "\n" not in message and "Traceback" not in message
    assert snapshot(store) == before
    assert not any((store.root.parent / "tmp").iterdir())
    assert store.get("tiny").problem.tests[0].name == "1-01"


def test_missing_path(store: ProblemStore, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="no such file"):
        import_problem(tmp_path / "nope.zip", store, DEFAULT)
    assert not store.root.exists()
