"""Archive safety: unpack a zip, or copy a directory, into a staging directory.

Everything an importer reads goes through here first, so the checks live in one
place: no absolute names, no ``..``, no links or special files, no duplicate
entries, and the bounds of :class:`~judge.settings.ArchiveLimits` (file count,
total and per-file size, compression ratio). Sizes are checked twice: against
what the zip's headers declare, before anything is written, and against the bytes
actually produced while extracting, since headers can lie.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from judge.importers.errors import ImportFailed
from judge.settings import ArchiveLimits

CHUNK = 1 << 20
# Below this size a high compression ratio is normal (a file of zeros), not a bomb.
RATIO_MIN_BYTES = 1 << 20


def safe_relpath(name: str, what: str = "entry") -> PurePosixPath:
    """A member name as a relative path that stays inside its root, or ImportFailed."""
    if "\0" in name:
        raise ImportFailed(f"{what} {name!r} has a NUL character in its name")
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        raise ImportFailed(f"{what} {name!r} has an absolute path")
    parts = [p for p in posix.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ImportFailed(f"{what} {name!r} points outside the archive (..)")
    if not parts:
        raise ImportFailed(f"{what} {name!r} has an empty name")
    return PurePosixPath(*parts)


class Budget:
    """Counts files and bytes actually written against the limits."""

    def __init__(self, limits: ArchiveLimits, source: str) -> None:
        self.limits = limits
        self.source = source
        self.files = 0
        self.bytes = 0

    def add_file(self, name: str) -> None:
        self.files += 1
        if self.files > self.limits.max_files:
            raise ImportFailed(
                f"{self.source}: more than {self.limits.max_files} files (JUDGE_ARCHIVE_MAX_FILES)"
            )

    def add_bytes(self, name: str, file_bytes: int, chunk: int) -> None:
        self.bytes += chunk
        if file_bytes > self.limits.max_file_bytes:
            raise ImportFailed(
                f"{self.source}: {name} unpacks to more than {self.limits.max_file_bytes} bytes "
                "(JUDGE_ARCHIVE_MAX_FILE_BYTES)"
            )
        if self.bytes > self.limits.max_unpacked_bytes:
            raise ImportFailed(
                f"{self.source}: unpacks to more than {self.limits.max_unpacked_bytes} bytes "
                "(JUDGE_ARCHIVE_MAX_UNPACKED_BYTES)"
            )


def unpack(source: Path, dest: Path, limits: ArchiveLimits) -> None:
    """Unpack a zip file or copy a directory into ``dest`` (which must not exist)."""
    if source.is_dir():
        copy_directory(source, dest, limits)
    elif source.is_file():
        extract_zip(source, dest, limits)
    elif source.exists() or source.is_symlink():
        raise ImportFailed(f"{source}: not a zip archive or a directory")
    else:
        raise ImportFailed(f"no such file or directory: {source}")


def extract_zip(archive: Path, dest: Path, limits: ArchiveLimits) -> None:
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, EOFError, struct.error):
        raise ImportFailed(f"{archive.name}: not a zip archive, or a truncated one") from None
    except (NotImplementedError, ValueError) as exc:  # odd versions, names not UTF-8, ...
        raise ImportFailed(f"{archive.name}: unsupported or corrupt zip archive ({exc})") from None
    except OSError as exc:
        raise ImportFailed(f"cannot read {archive.name}: {exc.strerror or exc}") from None
    with zf:
        members = _checked_members(zf, limits, archive.name)
        dest.mkdir(parents=True)
        budget = Budget(limits, archive.name)
        for info, rel in members:
            _extract_member(zf, info, dest / rel, budget, archive.name)


def _checked_members(
    zf: zipfile.ZipFile, limits: ArchiveLimits, source: str
) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """Every member with its safe path, after checking what the headers declare."""
    infos = zf.infolist()
    if len(infos) > limits.max_files:
        raise ImportFailed(
            f"{source}: {len(infos)} entries, more than {limits.max_files} "
            "(JUDGE_ARCHIVE_MAX_FILES)"
        )
    seen: set[PurePosixPath] = set()
    declared = 0
    members = []
    for info in infos:
        rel = safe_relpath(info.filename)
        _check_member_type(info, source)
        if rel in seen and not info.is_dir():
            raise ImportFailed(f"{source}: duplicate entry {info.filename!r}")
        seen.add(rel)
        declared += info.file_size
        _check_declared_size(info, declared, limits, source)
        members.append((info, rel))
    return members


def _check_member_type(info: zipfile.ZipInfo, source: str) -> None:
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        raise ImportFailed(f"{source}: {info.filename!r} is a symbolic link; links are not allowed")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise ImportFailed(f"{source}: {info.filename!r} is not a regular file")
    if info.flag_bits & 0x1:
        raise ImportFailed(f"{source}: {info.filename!r} is encrypted; encryption is not supported")


def _check_declared_size(
    info: zipfile.ZipInfo, declared_total: int, limits: ArchiveLimits, source: str
) -> None:
    if info.file_size > limits.max_file_bytes:
        raise ImportFailed(
            f"{source}: {info.filename} declares {info.file_size} bytes, more than "
            f"{limits.max_file_bytes} (JUDGE_ARCHIVE_MAX_FILE_BYTES)"
        )
    if declared_total > limits.max_unpacked_bytes:
        raise ImportFailed(
            f"{source}: declares more than {limits.max_unpacked_bytes} unpacked bytes "
            "(JUDGE_ARCHIVE_MAX_UNPACKED_BYTES)"
        )
    if info.file_size > RATIO_MIN_BYTES:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise ImportFailed(
                f"{source}: {info.filename} is compressed {ratio:.0f}:1, above "
                f"{limits.max_compression_ratio:g}:1 (looks like a zip bomb)"
            )


def _extract_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: Budget, source: str
) -> None:
    try:
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        budget.add_file(info.filename)
        written = 0
        with zf.open(info) as src, open(target, "xb") as out:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                if written > info.file_size:
                    raise ImportFailed(
                        f"{source}: {info.filename} is larger than its header declares"
                    )
                budget.add_bytes(info.filename, written, len(chunk))
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, struct.error) as exc:
        raise ImportFailed(f"{source}: entry {info.filename} is corrupt ({exc})") from None
    except (NotImplementedError, RuntimeError) as exc:
        raise ImportFailed(f"{source}: cannot unpack {info.filename} ({exc})") from None
    except FileExistsError:
        raise ImportFailed(f"{source}: duplicate entry {info.filename!r}") from None
    except OSError as exc:
        raise ImportFailed(
            f"{source}: cannot unpack {info.filename} ({exc.strerror or exc})"
        ) from None


def copy_directory(root: Path, dest: Path, limits: ArchiveLimits) -> None:
    """Copy a directory tree, refusing links and special files, within the limits."""
    budget = Budget(limits, root.name or str(root))
    dest.mkdir(parents=True)
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        rel_dir = here.relative_to(root)
        for name in sorted(dirnames):
            _check_dir_entry(here / name, rel_dir / name, is_dir=True)
            (dest / rel_dir / name).mkdir()
        for name in sorted(filenames):
            _check_dir_entry(here / name, rel_dir / name, is_dir=False)
            budget.add_file(str(rel_dir / name))
            _copy_file(here / name, dest / rel_dir / name, budget, str(rel_dir / name))


def _check_dir_entry(path: Path, rel: Path, is_dir: bool) -> None:
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        raise ImportFailed(f"cannot read {rel}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(mode):
        raise ImportFailed(f"{rel} is a symbolic link; links are not allowed")
    if not (stat.S_ISDIR(mode) if is_dir else stat.S_ISREG(mode)):
        raise ImportFailed(f"{rel} is not a regular file")


def _copy_file(src: Path, dst: Path, budget: Budget, name: str) -> None:
    written = 0
    try:
        with open(src, "rb") as fin, open(dst, "xb") as fout:
            while chunk := fin.read(CHUNK):
                written += len(chunk)
                budget.add_bytes(name, written, len(chunk))
                fout.write(chunk)
    except OSError as exc:
        raise ImportFailed(f"cannot copy {name}: {exc.strerror or exc}") from None
