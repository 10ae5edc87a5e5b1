import subprocess
from pathlib import Path

import pytest

from judge.languages import get_language
from judge.languages.pch import HEADER, MOUNT, PchStore, build_pch

SOLUTION = (
    "#include <bits/stdc++.h>\nusing namespace std;\n"
    "int main() { long long a, b; cin >> a >> b; vector<long long> v{a, b};\n"
    "  cout << accumulate(v.begin(), v.end(), 0LL) << endl; }\n"
)


@pytest.mark.slow
def test_pch_is_used_and_changes_nothing(tmp_path: Path) -> None:
    lang = get_language("cpp17")
    flags = lang.pch_flags()
    assert flags is not None
    build_pch(tmp_path / "pch", flags)
    src = tmp_path / "sol.cpp"
    src.write_text(SOLUTION)
    plain = lang.compile_argv([str(src)])
    with_pch = lang.compile_argv([str(src)], pch_dir=str(tmp_path / "pch"))
    for argv, out in ((plain, "bin-plain"), (with_pch, "bin-pch")):
        argv[argv.index("prog")] = str(tmp_path / out)
        subprocess.run([*argv, "-H", "-Winvalid-pch"], check=True, capture_output=True)
    used = subprocess.run(
        [*with_pch, "-H", "-Winvalid-pch"], capture_output=True, text=True, check=True
    ).stderr
    assert f"! {tmp_path / 'pch' / HEADER}.gch" in used.splitlines()[0]
    assert (tmp_path / "bin-plain").read_bytes() == (tmp_path / "bin-pch").read_bytes()


def test_store_skips_languages_without_pch(tmp_path: Path) -> None:
    store = PchStore(tmp_path)
    assert store.include_dir(get_language("python3"), "tc") is None


@pytest.mark.slow
def test_store_builds_once_per_flag_set(tmp_path: Path) -> None:
    store = PchStore(tmp_path)
    first = store.include_dir(get_language("cpp17"), "tc")
    assert first is not None and first.startswith(MOUNT + "/")
    gch = tmp_path / first.removeprefix(MOUNT + "/") / (HEADER + ".gch")
    mtime = gch.stat().st_mtime
    assert store.include_dir(get_language("cpp17"), "tc") == first
    assert gch.stat().st_mtime == mtime
