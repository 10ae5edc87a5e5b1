"""The files of one Piston job: decoded, checked relative paths, within a size
bound; written into a problem directory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from judge.wire.piston import PistonFile


class PistonRequestError(ValueError):
    """The request cannot be judged as sent (a 400 with this message)."""


@dataclass(frozen=True)
class JobFiles:
    """Path (relative, POSIX) -> bytes."""

    files: dict[str, bytes]

    @classmethod
    def decode(cls, sent: list[PistonFile], max_bytes: int) -> JobFiles:
        files: dict[str, bytes] = {}
        total = 0
        for i, f in enumerate(sent):
            name = _checked_name(f.name or f"file{i}")
            if name in files:
                raise PistonRequestError(f"file {name!r} is sent twice")
            try:
                files[name] = f.data()
            except ValueError as exc:
                raise PistonRequestError(str(exc)) from None
            total += len(files[name])
            if total > max_bytes:
                raise PistonRequestError(f"the files exceed {max_bytes} bytes together")
        folders = {str(p) for name in files for p in PurePosixPath(name).parents}
        clash = sorted(folders & set(files))
        if clash:
            raise PistonRequestError(f"{clash[0]!r} is sent as a file and used as a folder")
        return cls(files)

    def has(self, name: str) -> bool:
        return name in self.files

    def text(self, name: str) -> str:
        return self.files[name].decode("utf-8", errors="replace")

    def under(self, folder: str) -> list[str]:
        """Names directly inside ``folder``, sorted."""
        return sorted(n for n in self.files if str(PurePosixPath(n).parent) == folder)

    def write(self, root: Path) -> None:
        for name, data in self.files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            os.chmod(target, 0o644)


def _checked_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or ".." in path.parts or "\0" in name:
        raise PistonRequestError(f"bad file name {name!r}: give a relative path")
    return str(path)
