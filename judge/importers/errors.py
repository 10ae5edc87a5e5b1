"""The one error every importer raises."""

from __future__ import annotations

from pydantic import ValidationError


class ImportFailed(Exception):
    """An import was refused. ``str()`` is one line saying what is wrong, meant for
    the user as is (CLI stderr, API error body); the store was left untouched."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))

    @property
    def message(self) -> str:
        return str(self.args[0])


def describe_validation(exc: ValidationError) -> str:
    """The first problem of a pydantic error as one short phrase."""
    errors = exc.errors()
    if not errors:
        return str(exc)
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    text = str(first.get("msg", "invalid value"))
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return (f"{where}: {text}" if where else text) + more
