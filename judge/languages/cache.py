"""The on-disk compile cache, shared by every worker process of a host.

Layout under ``<cache_dir>/compile``::

    entries/<key>/meta.json   # CompileInfo-like summary; its mtime is the last use
    entries/<key>/...         # the artifacts (binary, or byte-compiled scripts)
    locks/<key>.lock          # flock held while one process compiles the key
    tmp/                      # staging; entries appear with one rename

A key is compiled by at most one process at a time: compilers take the key's
lock, look again, and only then compile; the result is staged and renamed into
place, so readers never see a half-written entry. The size is bounded by
least-recently-used eviction, except that entries used in the last
``grace_seconds`` are kept (a program may be running from them); a process
scans for eviction after it has added 5% of the bound, so the bound may be
exceeded by that much per worker for a while.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from judge.wire.results import CompileStatus

META = "meta.json"
_STALE_TMP_SECONDS = 3600.0


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive flock on ``path`` (created if missing) for the block."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


class EntryMeta(BaseModel):
    status: CompileStatus
    message: str = ""
    time: float = 0.0
    language: str
    sources: list[str]
    artifacts: list[str] = []


@dataclass(frozen=True)
class CacheEntry:
    path: Path
    meta: EntryMeta


class CompileCache:
    def __init__(self, root: Path, max_bytes: int, grace_seconds: float) -> None:
        self.root = root.absolute()  # binaries are exec'd by host path
        self.max_bytes = max_bytes
        self.grace_seconds = grace_seconds
        self.entries = self.root / "entries"
        self.locks = self.root / "locks"
        self.tmp = self.root / "tmp"
        for d in (self.entries, self.locks, self.tmp):
            d.mkdir(parents=True, exist_ok=True)
        # Bytes this process published since its last eviction scan: a scan
        # reads every entry, so it runs once 5% of the bound has been added.
        self._unscanned = 0

    def lookup(self, key: str) -> CacheEntry | None:
        """The entry of ``key``, marked as just used, or None."""
        path = self.entries / key
        try:
            meta = EntryMeta.model_validate_json((path / META).read_bytes())
            os.utime(path / META)
        except (OSError, ValueError):
            return None
        if not all(os.path.isfile(path / name) for name in meta.artifacts):
            self._remove(path)  # damaged (entries never change once published)
            return None
        return CacheEntry(path, meta)

    def locked(self, key: str) -> contextlib.AbstractContextManager[None]:
        """Hold the key's lock: one compile per key at a time, across processes."""
        return file_lock(self.locks / f"{key}.lock")

    @contextlib.contextmanager
    def staging(self) -> Iterator[Path]:
        """A scratch directory on the cache's file system, removed unless published."""
        path = Path(tempfile.mkdtemp(prefix="stage-", dir=self.tmp))
        os.chmod(path, 0o755)  # mkdtemp makes 0700; sandboxed users must read entries
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def publish(self, key: str, staged: Path, meta: EntryMeta) -> CacheEntry:
        """Move a staged directory into place as the entry of ``key``."""
        (staged / META).write_text(meta.model_dump_json())
        size = sum(f.stat().st_size for f in os.scandir(staged))
        target = self.entries / key
        try:
            os.rename(staged, target)
        except OSError:
            if not target.is_dir():
                raise
            # Someone published the same key first: theirs is as good as ours.
        else:
            staged.mkdir()  # the staging context removes it
        self._unscanned += size
        if self._unscanned * 20 >= self.max_bytes:
            self.evict(keep=key)
        found = self.lookup(key)
        return found if found is not None else CacheEntry(target, meta)

    def evict(self, keep: str = "") -> int:
        """Drop least recently used entries (never ``keep``) until the cache fits
        its bound. Returns the bytes freed. Skips if another process is at it."""
        fd = os.open(self.locks / "evict.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return 0
            self._unscanned = 0
            self._clean_tmp()
            return self._evict_locked(keep)
        finally:
            os.close(fd)

    def _evict_locked(self, keep: str) -> int:
        entries = self._scan()
        total = sum(size for _, _, size in entries)
        freed = 0
        now = time.time()
        for used, path, size in sorted(entries):
            if total <= self.max_bytes or now - used < self.grace_seconds:
                break
            if path.name == keep:
                continue
            self._remove(path)
            total -= size
            freed += size
        return freed

    def _scan(self) -> list[tuple[float, Path, int]]:
        """(last use, entry, bytes) of every entry."""
        found = []
        with os.scandir(self.entries) as it:
            for entry in it:
                try:
                    used = os.stat(os.path.join(entry.path, META)).st_mtime
                    size = sum(f.stat().st_size for f in os.scandir(entry.path))
                except OSError:
                    continue
                found.append((used, Path(entry.path), size))
        return found

    def _remove(self, path: Path) -> None:
        trash = self.tmp / f"evicted-{path.name}-{os.getpid()}"
        try:
            os.rename(path, trash)
        except OSError:
            return
        shutil.rmtree(trash, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.unlink(self.locks / f"{path.name}.lock")

    def _clean_tmp(self) -> None:
        """Remove staging left by crashed processes."""
        now = time.time()
        with os.scandir(self.tmp) as it:
            for entry in it:
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > _STALE_TMP_SECONDS:
                        shutil.rmtree(entry.path, ignore_errors=True)

    def total_bytes(self) -> int:
        return sum(size for _, _, size in self._scan())
