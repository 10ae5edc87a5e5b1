"""``import_problem``: one problem package (zip or directory; CMS export, TPS
package or plain format) into the store."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from judge.importers.archive import unpack
from judge.importers.cms import load_cms
from judge.importers.common import Draft, check_problem_id, store_draft
from judge.importers.discover import (
    CMS_MANIFEST,
    PLAIN_MANIFEST,
    PackageFormat,
    infer_year_day,
    is_problem_dir,
    package_format,
)
from judge.importers.errors import ImportFailed
from judge.importers.plain import load_plain
from judge.importers.tps import load_tps
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import ArchiveLimits

IGNORED_TOP = {"__MACOSX"}
MAX_NESTING = 3


def import_problem(
    path: Path,
    store: ProblemStore,
    limits: ArchiveLimits,
    problem_id: str | None = None,
    *,
    year: int | None = None,
    day: int | None = None,
    taken_ids: Collection[str] = (),
    infer_from_path: bool = False,
) -> StoredProblem:
    """Import the package at ``path`` and make it the problem's current version.

    ``path`` is a ``.zip`` or a directory holding an IOI/CMS export or a TPS
    package (``problem.json``) or a plain-format problem (``problem.toml``), at its
    top or inside a single top folder. ``problem_id`` overrides the package's own id;
    ``year``/``day`` override what the package says; an id in ``taken_ids`` is
    refused as a duplicate (importing a folder of packages). With
    ``infer_from_path``, a year and day the package does not state are taken from
    folder names (``ioi2024/day1/x.zip``). Raises :class:`ImportFailed`
    with a one-line message, leaving the store as it was."""
    path = Path(path)
    try:
        with store.staging() as staging:
            src = staging / "src"
            unpack(path, src, limits)
            root = find_problem_root(src)
            draft = _load(root, _default_id(path, root, src))
            _override(draft, problem_id, year, day)
            if infer_from_path:
                _fill_year_day(draft, path)
            if draft.problem.id in taken_ids:
                raise ImportFailed(f"duplicate problem id {draft.problem.id!r}")
            return store_draft(draft, staging / "out", store)
    except OSError as exc:  # the data directory itself, not the package
        raise ImportFailed(f"cannot use the data directory: {exc.strerror or exc}") from None


LOADERS = {
    PackageFormat.CMS: load_cms,
    PackageFormat.TPS: load_tps,
    PackageFormat.PLAIN: load_plain,
}


def _load(root: Path, default_id: str) -> Draft:
    return LOADERS[package_format(root)](root, default_id)


def _override(draft: Draft, problem_id: str | None, year: int | None, day: int | None) -> None:
    if problem_id is not None:
        draft.problem.id = problem_id
    check_problem_id(draft.problem.id)
    if year is not None:
        draft.problem.year = year
    if day is not None:
        draft.problem.day = day


def _fill_year_day(draft: Draft, path: Path) -> None:
    year, day = infer_year_day(path)
    if draft.problem.year is None:
        draft.problem.year = year
    if draft.problem.day is None:
        draft.problem.day = day


def find_problem_root(src: Path) -> Path:
    """The directory holding the manifest: ``src`` itself or a chain of single
    folders below it (``aplusb/``, ``aplusb/aplusb/``)."""
    here = src
    for _ in range(MAX_NESTING + 1):
        if is_problem_dir(here):
            return here
        entries = [
            p for p in here.iterdir() if p.name not in IGNORED_TOP and not p.name.startswith(".")
        ]
        dirs = [p for p in entries if p.is_dir()]
        if len(entries) != 1 or len(dirs) != 1:
            break
        here = dirs[0]
    raise ImportFailed(
        f"no {CMS_MANIFEST} (CMS or TPS package) or {PLAIN_MANIFEST} (plain format) found"
    )


def _default_id(path: Path, root: Path, src: Path) -> str:
    """The folder the manifest sits in, else the archive's name without ``.zip``
    and a ``-CMS`` suffix."""
    if root != src:
        return root.name
    name = path.name
    for suffix in (".zip", ".ZIP"):
        name = name.removesuffix(suffix)
    return name.removesuffix("-CMS") or "problem"
