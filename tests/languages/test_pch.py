import subprocess
from pathlib import Path

from judge.languages import Compiler, get_language
from judge.languages.pch import HEADER, MOUNT, PchStore
from judge.languages.toolchain import toolchain_id
from judge.settings import Settings

SOLUTION = (
    "#include <bits/stdc++.h>\nusing namespace std;\n"
    "int main() { long long a, b; cin >> a >> b; vector<long long> v{a, b};\n"
    "  cout << accumulate(v.begin(), v.end(), 0LL) << endl; }\n"
)


def test_store_skips_languages_without_pch(tmp_path: Path) -> None:
    store = PchStore(tmp_path)
    assert store.include_dir(get_language("python3"), "tc") is None


def test_pch_is_built_once_used_and_changes_nothing(settings: Settings, tmp_path: Path) -> None:
    """Shares the session's PCH (the sandbox tests use the same one)."""
    lang = get_language("cpp17")
    store = PchStore(Compiler.pch_root(settings))
    toolchain = toolchain_id(tuple(lang.toolchain_argv()))
    include = store.include_dir(lang, toolchain)
    assert include is not None and include.startswith(MOUNT + "/")
    host_dir = Compiler.pch_root(settings) / include.removeprefix(MOUNT + "/")
    gch = host_dir / (HEADER + ".gch")
    mtime = gch.stat().st_mtime
    assert store.include_dir(lang, toolchain) == include and gch.stat().st_mtime == mtime

    src = tmp_path / "sol.cpp"
    src.write_text(SOLUTION)
    outputs = []
    for pch_dir in (None, str(host_dir)):
        argv = lang.compile_argv([str(src)], pch_dir)
        argv[argv.index("prog")] = out = str(tmp_path / f"bin-{pch_dir is not None}")
        proc = subprocess.run([*argv, "-H", "-Winvalid-pch"], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        outputs.append(Path(out).read_bytes())
        first = proc.stderr.splitlines()[0]
        assert first.startswith("! ") == (pch_dir is not None), first
    assert outputs[0] == outputs[1]
