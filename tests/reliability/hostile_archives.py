"""Hypothesis strategies for hostile and malformed problem archives.

Every strategy yields a :class:`Hostile`: the bytes of a ``.zip`` built from a
valid package (the plain ``problem.toml`` format, a tiny CMS package, or the real
IOI 2024 ``aplusb-CMS.zip``) and then broken in one way. ``must_fail`` says
whether no valid package can come out of it; when it is False the archive may
still be valid (a byte flip in a comment, a missing reference solution) and the
tests check that whatever was accepted is consistent.

Sizes are chosen against :data:`LIMITS`, which the tests use instead of the
production defaults so that bombs and huge files stay small and fast.
"""

from __future__ import annotations

import io
import json
import random
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from hypothesis import strategies as st

from bench import SHARED_PACKAGES
from bench.problems import manifest, subtask
from judge.importers.plain import PlainSpec
from judge.settings import ArchiveLimits

MiB = 1 << 20
APLUSB = SHARED_PACKAGES / "aplusb-CMS.zip"
LIMITS = ArchiveLimits(max_unpacked_bytes=6 * MiB, max_files=120, max_file_bytes=3 * MiB,
                       max_compression_ratio=50)
# A file name that only an escaping entry could create; searched for afterwards.
MARKER = "pwned-by-archive"

Files = dict[str, bytes]

PLAIN_MANIFEST = manifest(PlainSpec(
    id="plainab", name="Plain A+B", time_limit=1.5, memory_limit_mb=128,
    subtasks=[subtask("small", 40, "t1"), subtask("all", 60, "t*")],
))


def plain_files() -> Files:
    return {
        "problem.toml": PLAIN_MANIFEST.encode(),
        "tests/t1.in": b"1 2\n", "tests/t1.out": b"3\n",
        "tests/t2.in": b"5 7\n", "tests/t2.out": b"12\n",
        "solutions/model_solution/ok.py": b"print(sum(map(int, input().split())))\n",
    }


def cms_files() -> Files:
    problem = {"code": "tinycms", "name": "Tiny", "time_limit": 1.0, "memory_limit": 268435456,
               "score_precision": 2, "task_type": "Batch", "task_type_params": "{}"}
    return {
        "tinycms/problem.json": json.dumps(problem).encode(),
        "tinycms/tests/1-01.in": b"1 2\n", "tinycms/tests/1-01.out": b"3\n",
        "tinycms/tests/1-02.in": b"5 5\n", "tinycms/tests/1-02.out": b"10\n",
        "tinycms/subtasks/00-samples.json": b'{"score": 0, "testcases": ["1-01"]}',
        "tinycms/subtasks/01-all.json": b'{"score": 100, "testcases": ["1-01", "1-02"]}',
        "tinycms/solutions/model_solution/sol.py": b"print(sum(map(int, input().split())))\n",
    }


def aplusb_files() -> Files:
    with zipfile.ZipFile(APLUSB) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist() if not i.is_dir()}


BASES: dict[str, Callable[[], Files]] = {
    "plain": plain_files, "cms": cms_files, "aplusb": aplusb_files,
}


@dataclass(frozen=True)
class Hostile:
    kind: str
    data: bytes
    must_fail: bool
    filename: str = "problem.zip"
    family: str = ""

    def __repr__(self) -> str:  # hypothesis prints this for a failing example
        return f"Hostile({self.kind!r}, {len(self.data)} bytes, must_fail={self.must_fail})"


def build_zip(files: Files | list[tuple[str | zipfile.ZipInfo, bytes]],
              compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    items = list(files.items()) if isinstance(files, dict) else files
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in items:
            zf.writestr(name, data)
    return buf.getvalue()


def manifest_name(files: Files) -> str:
    return next(n for n in files if n.endswith(("problem.toml", "problem.json")))


def prefix_of(files: Files) -> str:
    """The package's top folder (``aplusb/``) or ``""``."""
    return manifest_name(files).rsplit("/", 1)[0] + "/" if "/" in manifest_name(files) else ""


bases = st.sampled_from(sorted(BASES))


@st.composite
def truncated(draw: st.DrawFn) -> Hostile:
    """A valid archive cut short anywhere: the end-of-archive record is lost."""
    base = draw(bases)
    data = build_zip(BASES[base]())
    cut = draw(st.integers(0, len(data) - 1))
    return Hostile(f"truncated {base} at {cut}/{len(data)}", data[:cut], must_fail=True)


@st.composite
def byte_flips(draw: st.DrawFn) -> Hostile:
    base = draw(bases)
    data = bytearray(build_zip(BASES[base]()))
    flips = draw(st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(1, 255)),
                          min_size=1, max_size=8))
    for pos, xor in flips:
        data[pos] ^= xor
    return Hostile(f"{base} with {len(flips)} byte flips", bytes(data), must_fail=False)


def _randbytes(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


@st.composite
def bombs(draw: st.DrawFn) -> Hostile:
    """Zip bombs: one highly compressed entry, an entry over the per-file limit,
    too many entries, too many bytes in total, or archives inside the archive."""
    base = draw(bases)
    files = BASES[base]()
    pre = prefix_of(files)
    variant = draw(st.sampled_from(["ratio", "file", "count", "total", "nested"]))
    if variant == "ratio":  # under the size limits, above the ratio limit
        size = draw(st.integers(MiB + 1, LIMITS.max_file_bytes))
        files[f"{pre}tests/bomb.in"] = b"\0" * size
    elif variant == "file":
        size = draw(st.integers(LIMITS.max_file_bytes + 1, 16 * MiB))
        files[f"{pre}tests/1-01.in" if base != "plain" else "tests/t1.in"] = b"\0" * size
    elif variant == "count":
        count = draw(st.integers(LIMITS.max_files + 1, 3 * LIMITS.max_files))
        files.update({f"{pre}extra/{i}.txt": b"" for i in range(count)})
    elif variant == "total":  # each file under the limit, incompressible
        seed = draw(st.integers(0, 2**32))
        part = LIMITS.max_file_bytes - 1024
        count = LIMITS.max_unpacked_bytes // part + 1
        files.update({f"{pre}extra/big{i}.bin": _randbytes(seed + i, part) for i in range(count)})
    else:
        depth = draw(st.integers(1, 3))
        data = build_zip(files)
        for level in range(depth):
            data = build_zip({f"inner{level}.zip": data, f"copy{level}.zip": data})
        return Hostile(f"{base} nested {depth} deep", data, must_fail=True)
    return Hostile(f"{base} bomb ({variant})", build_zip(files), must_fail=True)


@st.composite
def lying_headers(draw: st.DrawFn) -> Hostile:
    """The central directory declares a smaller size than the entry holds."""
    base = draw(bases)
    files = BASES[base]()
    name = draw(st.sampled_from(sorted(n for n, d in files.items() if len(d) > 1)))
    data = bytearray(build_zip(files))
    header = data.rfind(name.encode()) - 46  # its central directory entry
    assert data[header:header + 4] == b"PK\x01\x02"
    declared = draw(st.integers(0, len(files[name]) - 1))
    struct.pack_into("<I", data, header + 24, declared)
    return Hostile(f"{base}: {name} declares {declared} bytes", bytes(data), must_fail=True)


TRAVERSALS = ["../", "../../", "../../../../../../tmp/", "/", "/tmp/", "C:/", "C:\\", "c:",
              "..\\", "..\\..\\", "tests/../../", "a/./../../", "./../", "tests/..\\..\\"]


@st.composite
def traversal(draw: st.DrawFn) -> Hostile:
    base = draw(bases)
    files = BASES[base]()
    prefix = draw(st.sampled_from(TRAVERSALS))
    target = draw(st.sampled_from([MARKER, f"tests/{MARKER}.in", f"problems/{MARKER}"]))
    entries: list[tuple[str | zipfile.ZipInfo, bytes]] = list(files.items())
    entries.insert(draw(st.integers(0, len(entries))), (prefix + target, b"escaped\n"))
    return Hostile(f"{base} with entry {prefix + target!r}", build_zip(entries), must_fail=True)


@st.composite
def nul_names(draw: st.DrawFn) -> Hostile:
    """An entry whose stored name has a NUL byte (zipfile cannot write one, so
    the name is patched in the bytes)."""
    base = draw(bases)
    files = BASES[base]()
    placeholder = f"{prefix_of(files)}tests/{MARKER}Q.in"
    files[placeholder] = b"x\n"
    data = build_zip(files)
    data = data.replace(placeholder.encode(), placeholder.replace("Q", "\0").encode())
    return Hostile(f"{base} with a NUL in a name", data, must_fail=False)


SPECIAL = {"symlink": stat.S_IFLNK, "char device": stat.S_IFCHR, "block device": stat.S_IFBLK,
           "fifo": stat.S_IFIFO, "socket": stat.S_IFSOCK}


@st.composite
def special_entries(draw: st.DrawFn) -> Hostile:
    """Links and device files, new or replacing a file of the package."""
    base = draw(bases)
    files = BASES[base]()
    kind = draw(st.sampled_from(sorted(SPECIAL)))
    name = draw(st.one_of(st.sampled_from(sorted(files)),
                          st.just(f"{prefix_of(files)}tests/{MARKER}.in")))
    content = draw(st.sampled_from([b"/etc/passwd", b"../../../../etc/shadow", b"tests/t1.in"]))
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (SPECIAL[kind] | 0o777) << 16
    entries: list[tuple[str | zipfile.ZipInfo, bytes]] = [
        (n, d) for n, d in files.items() if n != name]
    entries.append((info, content))
    return Hostile(f"{base}: {kind} entry {name}", build_zip(entries), must_fail=True)


HOSTILE_NUMBERS = st.one_of(
    st.sampled_from([float("inf"), float("-inf"), float("nan"), 0, -1, 1e308, 1e-300,
                     10**30, -(10**30), 2**63, 2**64 + 1, 1e400]),
    st.floats(), st.integers(), st.text(max_size=5), st.none(), st.booleans(),
    st.lists(st.integers(), max_size=2),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8,
)


def _toml_value(value: object) -> str:
    """TOML for what HOSTILE_NUMBERS draws (TOML spells inf and nan itself)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value))  # strings, and None as "None"


@st.composite
def bad_manifests(draw: st.DrawFn) -> Hostile:
    """problem.json / problem.toml / a subtask file with wrong syntax, wrong types,
    or hostile numbers (inf, nan, negative, huge)."""
    base = draw(bases)
    files = BASES[base]()
    manifest = manifest_name(files)
    variant = draw(st.sampled_from(["bytes", "json", "field", "subtask"]))
    if variant == "bytes":
        files[manifest] = draw(st.one_of(st.binary(max_size=200),
                                         st.text(max_size=200).map(str.encode)))
    elif variant == "json" and manifest.endswith(".json"):
        files[manifest] = json.dumps(draw(JSON_VALUES)).encode()
    elif manifest.endswith(".json"):
        return _bad_cms_field(draw, base, files, manifest, variant)
    else:
        field = draw(st.sampled_from(["time_limit", "memory_limit_mb", "score_precision",
                                      "score", "id", "year", "tests", "checker", "input_file"]))
        value = _toml_value(draw(HOSTILE_NUMBERS))
        text = PLAIN_MANIFEST
        if field in ("score", "tests"):
            text = text.replace(f"{field} = 40" if field == "score" else 'tests = ["t1"]',
                                f"{field} = {value}", 1)
        else:
            text = f"{field} = {value}\n" + "\n".join(
                line for line in text.splitlines() if not line.startswith(f"{field} ="))
        files[manifest] = text.encode()
    return Hostile(f"{base}: bad {manifest} ({variant})", build_zip(files), must_fail=False)


def _bad_cms_field(draw: st.DrawFn, base: str, files: Files, manifest: str,
                   variant: str) -> Hostile:
    if variant == "subtask":
        name = draw(st.sampled_from(sorted(n for n in files if "/subtasks/" in n)))
        spec = json.loads(files[name])
        key = draw(st.sampled_from(["score", "testcases"]))
        spec[key] = draw(HOSTILE_NUMBERS)
        files[name] = json.dumps(spec).encode()
        return Hostile(f"{base}: {name} {key}={spec[key]!r}", build_zip(files), must_fail=False)
    meta = json.loads(files[manifest])
    key = draw(st.sampled_from(["time_limit", "memory_limit", "score_precision", "task_type",
                                "task_type_params", "code", "year"]))
    meta[key] = draw(st.one_of(HOSTILE_NUMBERS, JSON_VALUES))
    files[manifest] = json.dumps(meta).encode()
    return Hostile(f"{base}: problem.json {key}={meta[key]!r}", build_zip(files),
                   must_fail=False)


@st.composite
def missing_files(draw: st.DrawFn) -> Hostile:
    """Files left out: any subset (may leave a valid package), or one that is
    required: the manifest, a test input (its output is then an orphan), or an
    expected output of a diff-judged package."""
    base = draw(bases)
    files = BASES[base]()
    variant = draw(st.sampled_from(["subset", "manifest", "input", "output"]))
    if variant == "subset":
        gone = draw(st.sets(st.sampled_from(sorted(files)), min_size=1, max_size=len(files)))
    elif variant == "manifest":
        gone = {manifest_name(files)}
    else:
        suffix = ".in" if variant == "input" or base == "aplusb" else ".out"
        gone = {draw(st.sampled_from(sorted(n for n in files if n.endswith(suffix))))}
    kept = {n: d for n, d in files.items() if n not in gone}
    return Hostile(f"{base} without {sorted(gone)[:3]}", build_zip(kept),
                   must_fail=variant != "subset")


@st.composite
def missing_tests(draw: st.DrawFn) -> Hostile:
    """A subtask names a test the package does not have."""
    base = draw(bases)
    files = BASES[base]()
    ghost = draw(st.sampled_from(["nope", "1-99", "t3", "ghost*", "T1", "t1.in", "../t1"]))
    if base == "plain":
        files["problem.toml"] = PLAIN_MANIFEST.replace('tests = ["t1"]',
                                                   f'tests = ["t1", {json.dumps(ghost)}]').encode()
    else:
        name = sorted(n for n in files if "/subtasks/" in n)[-1]
        spec = json.loads(files[name])
        spec["testcases"].append(ghost)
        files[name] = json.dumps(spec).encode()
    return Hostile(f"{base}: subtask names {ghost!r}", build_zip(files), must_fail=True)


@st.composite
def huge_tests(draw: st.DrawFn) -> Hostile:
    """An incompressible test file over the per-file limit (stored, not deflated)."""
    base = draw(bases)
    files = BASES[base]()
    name = draw(st.sampled_from(sorted(n for n in files if n.endswith((".in", ".out")))))
    size = draw(st.integers(LIMITS.max_file_bytes + 1, LIMITS.max_file_bytes + MiB))
    files[name] = _randbytes(draw(st.integers(0, 2**32)), size)
    method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    return Hostile(f"{base}: {name} of {size} bytes", build_zip(files, method), must_fail=True)


@st.composite
def duplicates(draw: st.DrawFn) -> Hostile:
    """The same path twice, spelled the same or differently (``./``, ``//``, ``\\``)."""
    base = draw(bases)
    files = BASES[base]()
    name = draw(st.sampled_from(sorted(files)))
    head, _, tail = name.rpartition("/")
    spelling = draw(st.sampled_from(
        [name, "./" + name, name.replace("/", "//"), name.replace("/", "\\"),
         f"{head}/./{tail}" if head else "./" + tail]))
    second = draw(st.sampled_from([files[name], b"different content\n"]))
    entries: list[tuple[str | zipfile.ZipInfo, bytes]] = list(files.items())
    entries.append((spelling, second))
    return Hostile(f"{base}: {name!r} again as {spelling!r}", build_zip(entries),
                   must_fail=True)


UNICODE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="/\\\0"),
    min_size=1, max_size=20).filter(lambda s: not s.isascii() and s.strip(". ") == s)


@st.composite
def unicode_names(draw: st.DrawFn) -> Hostile:
    """Non-ASCII test names are refused (test names are ASCII); non-ASCII names
    of other files (solutions, attachments) are harmless."""
    base = draw(bases)
    files = BASES[base]()
    pre = prefix_of(files)
    text = draw(UNICODE_TEXT)
    if draw(st.booleans()):
        files[f"{pre}tests/{text}.in"] = b"1 1\n"
        files[f"{pre}tests/{text}.out"] = b"2\n"
        return Hostile(f"{base}: test named {text!r}", build_zip(files), must_fail=True)
    files[f"{pre}solutions/{text}/{text}.py"] = b"print(1)\n"
    files[f"{pre}{text}.txt"] = text.encode()
    return Hostile(f"{base}: files named {text!r}", build_zip(files), must_fail=False)


@st.composite
def garbage(draw: st.DrawFn) -> Hostile:
    """Not a zip at all, or a zip of nothing useful."""
    variant = draw(st.sampled_from(["bytes", "empty zip", "no manifest", "dirs only"]))
    if variant == "bytes":
        data = draw(st.binary(max_size=300))
    elif variant == "empty zip":
        data = build_zip({})
    elif variant == "no manifest":
        data = build_zip({n: d for n, d in plain_files().items() if n != "problem.toml"})
    else:
        data = build_zip({"a/": b"", "a/b/": b"", "a/b/c/": b""})
    return Hostile(f"garbage ({variant})", data, must_fail=True)


def zlib_sanity() -> None:
    """Deflate must compress zeros well enough for the ratio bombs to be bombs."""
    assert len(zlib.compress(b"\0" * MiB)) * LIMITS.max_compression_ratio < MiB


FAMILIES = [truncated, byte_flips, bombs, lying_headers, traversal, nul_names, special_entries,
            bad_manifests, missing_files, missing_tests, huge_tests, duplicates, unicode_names,
            garbage]


def _named(family: Callable[[], st.SearchStrategy[Hostile]]) -> st.SearchStrategy[Hostile]:
    name = family.__name__
    return family().map(lambda h: replace(h, family=name))


HOSTILE = st.one_of([_named(f) for f in FAMILIES])

FILENAMES = st.one_of(
    st.just("problem.zip"), st.just("../../etc/passwd"), st.just("/abs/x.zip"),
    st.just("a\\b.zip"), st.just(".zip"), st.just(""), st.text(max_size=40),
)
