"""The on-disk problem store.

Layout under ``<data_dir>/problems`` (``JUDGE_DATA_DIR``, default ``var/``)::

    <id>/
      current                      # text: the version served for new submissions
      versions/<version>/
        problem.json               # the Problem model (judge.problems.model)
        tests/<name>.in, .out      # test data
        graders/...                # grader / stub / manager sources and headers
        checker/...                # checker source and headers
        solutions/<category>/...   # reference solutions with their expected verdict

Versions are immutable directories named by their content hash, so a job that
names a version always finds exactly what it was submitted against, even after a
re-upload. A problem is written into a staging directory first and moved into
place with one ``rename``; a failed import leaves the store as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from judge.problems.model import Problem, compute_version


class ProblemNotFound(KeyError):
    """No problem (or no such version) in the store."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "problem not found"


@dataclass(frozen=True)
class StoredProblem:
    """A problem version on disk: the model and the directory its paths are relative to."""

    problem: Problem
    root: Path

    def path(self, rel: str) -> Path:
        return self.root / rel


class ProblemStore:
    def __init__(self, problems_dir: Path) -> None:
        self.root = problems_dir
        self._staging_root = problems_dir.parent / "tmp"

    @contextlib.contextmanager
    def staging(self) -> Iterator[Path]:
        """A scratch directory on the store's file system, removed afterwards."""
        self._staging_root.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix="import-", dir=self._staging_root))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def add(self, staged: Path, problem: Problem) -> StoredProblem:
        """Move a staged problem into the store and make it current.

        Re-adding identical content is idempotent: it yields the same version."""
        problem = problem.model_copy(update={"version": compute_version(problem, staged)})
        problem = Problem.model_validate(problem.model_dump())
        (staged / "problem.json").write_text(problem.model_dump_json(indent=2))
        versions = self.root / problem.id / "versions"
        versions.mkdir(parents=True, exist_ok=True)
        target = versions / problem.version
        if target.exists():
            _refresh_metadata(target, staged)
        else:
            try:
                os.rename(staged, target)
            except OSError:
                if not target.is_dir():
                    raise
                # A concurrent import of the same content won the race.
                _refresh_metadata(target, staged)
            else:
                staged.mkdir()  # keep the staging context's cleanup simple
        _write_atomic(self.root / problem.id / "current", problem.version)
        return StoredProblem(problem, target)

    def get(self, problem_id: str, version: str | None = None) -> StoredProblem:
        base = self.root / problem_id
        if version is None:
            try:
                version = (base / "current").read_text().strip()
            except (FileNotFoundError, NotADirectoryError):
                raise ProblemNotFound(f"no problem {problem_id!r}") from None
        root = base / "versions" / version
        try:
            problem = Problem.model_validate_json((root / "problem.json").read_bytes())
        except FileNotFoundError:
            raise ProblemNotFound(f"no version {version!r} of problem {problem_id!r}") from None
        return StoredProblem(problem, root)

    def make_current(self, problem_id: str, version: str) -> None:
        """Serve ``version`` (already in the store) for new submissions."""
        self.get(problem_id, version)  # ProblemNotFound unless it is there
        _write_atomic(self.root / problem_id / "current", version)

    def list(self) -> list[Problem]:
        if not self.root.is_dir():
            return []
        found = []
        for entry in sorted(self.root.iterdir()):
            if (entry / "current").is_file():
                with contextlib.suppress(ProblemNotFound):
                    found.append(self.get(entry.name).problem)
        return found

    def delete(self, problem_id: str) -> None:
        base = self.root / problem_id
        if not (base / "current").is_file():
            raise ProblemNotFound(f"no problem {problem_id!r}")
        trash = self._staging_root / f"deleted-{problem_id}-{os.getpid()}"
        self._staging_root.mkdir(parents=True, exist_ok=True)
        os.rename(base, trash)
        shutil.rmtree(trash, ignore_errors=True)


def _tmp_name(path: Path) -> Path:
    """A scratch name beside ``path``, unique per process and thread (imports may
    run in threads of one server process)."""
    return path.with_name(f"{path.name}.tmp{os.getpid()}-{threading.get_ident()}")


def _write_atomic(path: Path, text: str) -> None:
    tmp = _tmp_name(path)
    tmp.write_text(text)
    os.replace(tmp, path)


def _refresh_metadata(target: Path, staged: Path) -> None:
    """Same judging content: take the new name and reference solutions (neither
    is part of the version), leaving tests and graders untouched. One refresh
    of a problem at a time (concurrent identical imports)."""
    lock_path = target.parent.parent / ".refresh.lock"
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        new_solutions = staged / "solutions"
        old_solutions = target / "solutions"
        if new_solutions.is_dir() or old_solutions.is_dir():
            trash = _tmp_name(target / "solutions.old")
            if old_solutions.is_dir():
                os.rename(old_solutions, trash)
            if new_solutions.is_dir():
                os.rename(new_solutions, old_solutions)
            shutil.rmtree(trash, ignore_errors=True)
        _replace_file(target / "problem.json", staged / "problem.json")


def _replace_file(target: Path, source: Path) -> None:
    tmp = _tmp_name(target)
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)
