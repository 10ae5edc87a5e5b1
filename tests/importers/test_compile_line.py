"""The package's own C++ standard for its reference solutions: read from its
compile scripts (TPS) or from the contestant attachment (CMS exports), mapped
to a registered language, and applied on import."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import shared_data

from judge.importers import import_problem
from judge.importers.compile_line import language_for_standard, package_standard
from judge.problems.store import ProblemStore
from judge.settings import ArchiveLimits


def _attachment(script: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("cpp/compile", script)
        zf.writestr("cpp/task.h", "int f();\n")
    return buffer.getvalue()


@pytest.mark.parametrize(("files", "year"), [
    ({"attachments/t.zip": _attachment('g++ -std=gnu++20 -O2 -o "$t" grader.cpp')}, 20),
    ({"public/cpp/compile_cpp.sh": b"g++ -std=gnu++14 -O2 -static -o t grader.cpp t.cpp"}, 14),
    ({"scripts/compile.sh": b'[ -z "$X" ] && CPP_STD_OPT="--std=gnu++1y"'}, 14),
    ({"scripts/compile.sh": b"g++ -std=c++98 x.cpp"}, -2),
    ({"scripts/compile.sh": b"g++ -O2 x.cpp"}, None),
    ({"attachments/t.zip": b"not a zip"}, None),
])
def test_package_standard(tmp_path: Path, files: dict[str, object], year: int | None) -> None:
    for rel, data in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data if isinstance(data, bytes) else str(data).encode())
    assert package_standard(tmp_path) == year


@pytest.mark.parametrize(("year", "language"), [
    (14, "cpp17"), (17, "cpp17"), (20, "cpp20"), (23, "cpp20"), (-2, "cpp17"),
])
def test_language_for_standard(year: int, language: str) -> None:
    assert language_for_standard(year).name == language


@pytest.mark.parametrize(("folder", "archive", "language"), [
    ("ioi2025", "worldmap.zip", "cpp20"),
    ("ioi2024", "aplusb-CMS.zip", "cpp17"),
    ("ioi2017-tps", "wiring.zip", "cpp17"),
])
def test_shared_packages_keep_their_standard(
    store: ProblemStore, limits: ArchiveLimits, folder: str, archive: str, language: str,
) -> None:
    p = import_problem(shared_data.shared(folder, archive), store, limits).problem
    cpp = {s.language for s in p.solutions if s.path.endswith(".cpp")}
    assert cpp == {language}


def test_tiny_cms_package_with_cpp20_attachment(
    tiny_files: dict[str, bytes], make_zip: Callable[[dict[str, bytes]], Path],
    store: ProblemStore, limits: ArchiveLimits,
) -> None:
    cpp = {**tiny_files, "tiny/solutions/correct/sol.cpp": b"int main() {}\n"}
    files = {**cpp, "tiny/attachments/tiny.zip": _attachment("g++ -std=gnu++20 t.cpp")}
    languages = {s.path: s.language for s in import_problem(make_zip(files), store,
                                                              limits).problem.solutions}
    assert languages == {"solutions/correct/sol.cpp": "cpp20",
                         "solutions/model_solution/sol.py": "python3"}
    plain = import_problem(make_zip(cpp), store, limits).problem
    assert {s.language for s in plain.solutions} == {"cpp17", "python3"}
