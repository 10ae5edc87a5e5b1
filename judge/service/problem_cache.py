"""Problems shared through Redis, cached on each worker host.

The API imports an uploaded archive, then publishes the imported version
directory (see :mod:`judge.problems.store`) as a gzipped tar in Redis. A worker
that is asked to judge a version it lacks locally fetches and unpacks it into
its own data directory, moved into place with one rename, so that every host
finds ``<data_dir>/problems/<id>/versions/<version>/`` and its per-version
compile cache works the same as for a locally imported problem.

Keys::

    judge:problems                        hash: id -> current version
    judge:problem:<id>:<version>:model    the Problem model (JSON)
    judge:problem:<id>:<version>:tar      list of chunks of the tar.gz
    judge:problem:<id>:<version>:warm     hash: worker -> its warm-up (judge.service.warmer)
    judge:problem:<id>:<version>:solutions  hash: path -> reference solution source,
                                          rewritten on every publish (a re-upload of the
                                          same version may change them; the tar is not
                                          sent again), read by the service's verify runs

Each publish is announced on the ``judge:problems:published`` channel, on
which workers warm the version (compile its checker, manager and graders).

Deleting a problem removes it from ``judge:problems`` at once; its version keys
expire a day later so that submissions already queued against it still finish.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

import redis

from judge.problems.model import Problem
from judge.problems.store import ProblemNotFound, ProblemStore, StoredProblem
from judge.service.connection import text

PROBLEMS_KEY = "judge:problems"
PUBLISHED_CHANNEL = "judge:problems:published"
CHUNK_BYTES = 8 * 1024 * 1024
DELETED_GRACE_SECONDS = 24 * 3600


def model_key(problem_id: str, version: str) -> str:
    return f"judge:problem:{problem_id}:{version}:model"


def tar_key(problem_id: str, version: str) -> str:
    return f"judge:problem:{problem_id}:{version}:tar"


def solutions_key(problem_id: str, version: str) -> str:
    return f"judge:problem:{problem_id}:{version}:solutions"


class SharedProblems:
    """Publish problem versions to Redis and fetch them into a local store."""

    def __init__(self, connection: redis.Redis, local: ProblemStore) -> None:
        self.redis = connection
        self.local = local

    def publish(self, stored: StoredProblem) -> bool:
        """Store the version in Redis and make it current. Returns False when that
        exact version was already published (an idempotent re-upload)."""
        problem = stored.problem
        key = tar_key(problem.id, problem.version)
        existed = bool(self.redis.exists(key))
        if not existed:
            self._upload_tar(stored.root, key)
        sources = {s.path: stored.path(s.path).read_bytes() for s in problem.solutions
                   if stored.path(s.path).is_file()}
        with self.redis.pipeline() as pipe:
            pipe.persist(key)
            pipe.delete(solutions_key(problem.id, problem.version))
            if sources:
                pipe.hset(solutions_key(problem.id, problem.version),
                          mapping=dict(sources.items()))
            pipe.set(model_key(problem.id, problem.version), problem.model_dump_json())
            pipe.hset(PROBLEMS_KEY, problem.id, problem.version)
            pipe.publish(PUBLISHED_CHANNEL,
                         json.dumps({"id": problem.id, "version": problem.version}))
            pipe.execute()
        return not existed

    def _upload_tar(self, root: Path, key: str) -> None:
        """Write the tar.gz under a temporary key, then rename it into place, so a
        reader never sees half of it."""
        staging = f"{key}:upload:{os.getpid()}:{id(self)}"
        with tempfile.TemporaryFile() as tmp:
            with tarfile.open(fileobj=tmp, mode="w:gz", compresslevel=3) as tar:
                tar.add(root, arcname=".")
            tmp.seek(0)
            self.redis.delete(staging)
            for chunk in iter(lambda: tmp.read(CHUNK_BYTES), b""):
                self.redis.rpush(staging, chunk)
        self.redis.rename(staging, key)

    def current(self, problem_id: str) -> str | None:
        return text(self.redis.hget(PROBLEMS_KEY, problem_id))

    def delete(self, problem_id: str) -> None:
        version = self.current(problem_id)
        if version is None:
            raise ProblemNotFound(f"no problem {problem_id!r}")
        with self.redis.pipeline() as pipe:
            pipe.hdel(PROBLEMS_KEY, problem_id)
            pipe.expire(model_key(problem_id, version), DELETED_GRACE_SECONDS)
            pipe.expire(tar_key(problem_id, version), DELETED_GRACE_SECONDS)
            pipe.expire(solutions_key(problem_id, version), DELETED_GRACE_SECONDS)
            pipe.execute()

    def published(self, problem_id: str, version: str
                  ) -> tuple[Problem, dict[str, str]] | None:
        """The version's model as last published and its reference solutions'
        sources (path -> text); None if the version is not in Redis."""
        with self.redis.pipeline(transaction=False) as pipe:
            pipe.get(model_key(problem_id, version))
            pipe.hgetall(solutions_key(problem_id, version))
            raw, sources = pipe.execute()
        if raw is None:
            return None
        texts = {text(k): v.decode(errors="replace") for k, v in sources.items()}
        return Problem.model_validate_json(raw), texts

    def sync_local(self) -> list[str]:
        """Bring the local store in step with the service: each problem's current
        version there is fetched (when missing) and made current here. The ids."""
        synced = []
        for raw_id, raw_version in self.redis.hgetall(PROBLEMS_KEY).items():
            problem_id, version = text(raw_id), text(raw_version)
            self.ensure_local(problem_id, version)
            self.local.make_current(problem_id, version)
            synced.append(problem_id)
        return sorted(synced)

    def ensure_local(self, problem_id: str, version: str) -> StoredProblem:
        """The version from the local store, fetched from Redis first if missing."""
        with contextlib.suppress(ProblemNotFound):
            return self.local.get(problem_id, version)
        key = tar_key(problem_id, version)
        length = self.redis.llen(key)
        if not length:
            raise ProblemNotFound(
                f"version {version} of problem {problem_id!r} is not available (deleted?)"
            )
        with self.local.staging() as staging:
            self._download(key, length, staging)
            target = self.local.root / problem_id / "versions" / version
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.rename(staging / "version", target)
            except OSError:
                # Another worker on this host unpacked it first: same content.
                if not (target / "problem.json").is_file():
                    raise
        return self.local.get(problem_id, version)

    def _download(self, key: str, length: int, staging: Path) -> None:
        archive = staging / "version.tar.gz"
        with open(archive, "wb") as f:
            for index in range(length):
                chunk = self.redis.lindex(key, index)
                if not isinstance(chunk, bytes):
                    raise ProblemNotFound(f"problem archive {key} changed while reading it")
                f.write(chunk)
        dest = staging / "version"
        dest.mkdir()
        with tarfile.open(archive, "r:gz") as tar:
            extract_version(tar, dest)
        archive.unlink()


class UnsafeArchive(ValueError):
    """A version archive with a member that could write outside its folder."""


def extract_version(tar: tarfile.TarFile, dest: Path) -> None:
    """Unpack with the ``data`` filter where Python has it (3.11.4+, 3.12); Debian
    bookworm's 3.11.2 has no ``filter=``: there :func:`extract_checked` is used."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(dest, filter="data")
    else:
        extract_checked(tar, dest)


def extract_checked(tar: tarfile.TarFile, dest: Path) -> None:
    """Regular files and folders only, each inside ``dest`` (what :meth:`SharedProblems.publish`
    writes), with no owner or special mode bits kept; anything else is refused
    before a byte is written."""
    root = dest.resolve()
    members = tar.getmembers()
    for member in members:
        target = (root / member.name).resolve()
        if not (member.isfile() or member.isdir()) or not target.is_relative_to(root):
            raise UnsafeArchive(f"unsafe member {member.name!r} in a problem archive")
    for member in members:
        target = root / member.name
        if member.isdir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        source = tar.extractfile(member)
        assert source is not None  # a regular file
        with source, open(target, "wb") as out:
            shutil.copyfileobj(source, out)
        os.chmod(target, 0o755 if member.mode & 0o100 else 0o644)

