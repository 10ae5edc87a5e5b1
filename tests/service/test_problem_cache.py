"""Unpacking a problem version fetched from Redis: with the ``data`` filter, and
with the checked fallback that Python 3.11.2 (Debian bookworm, the image's base)
needs, since its tarfile has no ``filter=``."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from judge.service.problem_cache import UnsafeArchive, extract_checked, extract_version


def _version_tar(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "tests").mkdir(parents=True)
    (src / "problem.json").write_text('{"id": "x"}')
    (src / "tests" / "1.in").write_text("1 2\n")
    (src / "checker").write_text("#!/bin/sh\n")
    (src / "checker").chmod(0o4755)  # setuid: must not survive
    archive = tmp_path / "v.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(src, arcname=".")
    return archive


@pytest.mark.parametrize("extract", [extract_version, extract_checked])
def test_a_published_version_unpacks(
    tmp_path: Path, extract: Callable[[tarfile.TarFile, Path], None]
) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    with tarfile.open(_version_tar(tmp_path), "r:gz") as tar:
        extract(tar, dest)
    assert (dest / "problem.json").read_text() == '{"id": "x"}'
    assert (dest / "tests" / "1.in").read_text() == "1 2\n"
    mode = (dest / "checker").stat().st_mode
    assert mode & 0o111 and not mode & 0o4000


def _hostile(tmp_path: Path, member: tarfile.TarInfo) -> Path:
    archive = tmp_path / "bad.tar"
    with tarfile.open(archive, "w") as tar:
        good = tarfile.TarInfo("ok.txt")
        good.size = 2
        tar.addfile(good, io.BytesIO(b"ok"))
        tar.addfile(member, io.BytesIO(b"x" * member.size))
    return archive


def _member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.size = kind, link, 1 if kind == tarfile.REGTYPE else 0
    return info


@pytest.mark.parametrize(
    "member",
    [
        _member("../escape.txt"),
        _member("/tmp/absolute-escape.txt"),
        _member("link", tarfile.SYMTYPE, "/etc"),
        _member("hard", tarfile.LNKTYPE, "ok.txt"),
        _member("fifo", tarfile.FIFOTYPE),
    ],
    ids=["dotdot", "absolute", "symlink", "hardlink", "fifo"],
)
def test_the_fallback_refuses_anything_but_files_inside(
    tmp_path: Path, member: tarfile.TarInfo
) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    with tarfile.open(_hostile(tmp_path, member), "r") as tar, pytest.raises(UnsafeArchive):
        extract_checked(tar, dest)
    assert list(dest.iterdir()) == []  # refused before anything is written
    assert not (tmp_path / "escape.txt").exists()
