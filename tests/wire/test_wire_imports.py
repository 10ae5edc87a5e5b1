"""The wire schema stands alone: its modules import nothing of ``judge`` but each
other, and the service side takes its models from there, never from the client."""

from __future__ import annotations

import ast
from pathlib import Path

JUDGE = Path(__file__).parents[2] / "judge"
SERVICE_SIDE = ("service", "api", "report")


def _judge_imports(path: Path) -> set[str]:
    """The ``judge...`` modules a file imports (absolute imports only: the
    package uses no relative ones)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name == "judge" or name.startswith("judge.")}


def test_wire_imports_only_wire() -> None:
    files = sorted((JUDGE / "wire").glob("*.py"))
    assert files
    for path in files:
        outside = {m for m in _judge_imports(path) if not m.startswith("judge.wire")}
        assert not outside, f"{path.name} imports {outside}"


def test_the_service_side_does_not_import_the_client() -> None:
    for package in SERVICE_SIDE:
        for path in sorted((JUDGE / package).rglob("*.py")):
            client = {m for m in _judge_imports(path) if m.startswith("judge.client")}
            assert not client, f"{path.relative_to(JUDGE)} imports {client}"
