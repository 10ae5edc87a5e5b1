"""Helpers shared by the importer tests (a module of its own: ``conftest`` is not
importable by name when several test folders have one)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from judge.problems.store import ProblemStore

Snapshot = dict[str, str]


def snapshot(store: ProblemStore) -> Snapshot:
    """Every path under the data dir with a hash of its content; staging must be empty."""
    data = store.root.parent
    tree: Snapshot = {}
    for path in sorted(data.rglob("*")) if data.exists() else []:
        rel = str(path.relative_to(data))
        if path.is_dir():
            tree[rel] = "dir" if rel != "tmp" else "staging"
        else:
            tree[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return tree


def minimal_cms() -> dict[str, bytes]:
    """A valid tiny Batch package (stdin/stdout, diff) inside a ``tiny/`` folder."""
    problem = {
        "code": "tiny",
        "name": "Tiny",
        "time_limit": 1.0,
        "memory_limit": 268435456,
        "score_precision": 2,
        "task_type": "Batch",
        "task_type_params": "{}",
    }
    return {
        "tiny/problem.json": json.dumps(problem).encode(),
        "tiny/tests/1-01.in": b"1 2\n",
        "tiny/tests/1-01.out": b"3\n",
        "tiny/tests/1-02.in": b"5 5\n",
        "tiny/tests/1-02.out": b"10\n",
        "tiny/subtasks/00-samples.json": b'{"score": 0, "testcases": ["1-01"]}',
        "tiny/subtasks/01-all.json": b'{"score": 100, "testcases": ["1-01", "1-02"]}',
        "tiny/solutions/model_solution/sol.py": b"print(sum(map(int, input().split())))\n",
    }


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root
