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


def minimal_tps() -> dict[str, bytes]:
    """A valid tiny TPS Batch package (with grader and checker) inside ``tiny/``,
    with the leftovers a real one carries (``gen/``, ``sandbox/``)."""
    problem = {
        "name": "tiny",
        "title": "Tiny",
        "type": "Batch",
        "time_limit": 1.0,
        "memory_limit": 256,
    }
    subtasks = {
        "global_validators": [],
        "subtasks": {
            "samples": {"index": 0, "score": 0, "validators": []},
            "full": {"index": 1, "score": 100, "validators": []},
        },
    }
    solutions = {
        "sol.cpp": {"verdict": "model_solution"},
        "half.cpp": {"verdict": "incorrect", "except": {"samples": "correct"}},
        "sol.java": {"verdict": "correct"},
    }
    return {
        "tiny/problem.json": json.dumps(problem).encode(),
        "tiny/subtasks.json": json.dumps(subtasks).encode(),
        "tiny/solutions.json": json.dumps(solutions).encode(),
        "tiny/tests/0-01.in": b"1 2\n",
        "tiny/tests/0-01.out": b"3\n",
        "tiny/tests/1-01.in": b"5 5\n",
        "tiny/tests/1-01.out": b"10\n",
        "tiny/tests/mapping": b"samples 0-01\nfull 0-01\nfull 1-01\n",
        "tiny/gen/data": b"@subtask samples\nmanual 0-01.in\n\n@subtask full\ngen 5\n",
        "tiny/grader/cpp/grader.cpp": b'#include "tiny.h"\nint main() {}\n',
        "tiny/grader/cpp/tiny.h": b"int add(int, int);\n",
        "tiny/checker/checker.cpp": b'#include "testlib.h"\nint main() {}\n',
        "tiny/checker/testlib.h": b"// testlib\n",
        "tiny/solution/sol.cpp": b"int add(int a, int b) { return a + b; }\n",
        "tiny/solution/half.cpp": b"int add(int a, int b) { return 3; }\n",
        "tiny/solution/sol.java": b"class tiny {}\n",
        "tiny/sandbox/grader.o": b"\x7fELF",
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
