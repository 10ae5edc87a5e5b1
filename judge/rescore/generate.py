"""Generate a rescoring input (open-r1 schema) from the reference solutions of
stored problems, for benchmarks and demos::

    python -m judge.rescore.generate --count 300 --out gens.jsonl [--problem message ...]

Each row wraps one reference solution as a model answer (prose, a draft block,
the final ```` ```cpp ```` block) with a random target subtask and token count.
Most sources get a unique comment (as distinct model samples would); about
``--duplicates`` of them repeat an earlier source exactly, and ``--garbage`` are
answers without usable code (no block, an unclosed block, prose only) or with
code that does not compile.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from judge.languages.registry import DEFAULT_LANGUAGE, family_spellings, get_language
from judge.problems.store import ProblemStore, StoredProblem
from judge.settings import Settings

# The answers are C++: the default language's family, spelled as the dataset does.
FAMILY = get_language(DEFAULT_LANGUAGE).family

GARBAGE = [
    "I am not sure how to solve this problem.",
    "Here is my approach:\n```cpp\n#include <vector>\nint main() {\n",  # truncated
    "The answer is to use a segment tree. Implementation left as an exercise.",
    "```cpp\nthis does not compile at all;\n```",
    "```cpp\n#include <bits/stdc++.h>\nint main() { return undefined_function(); }\n```",
]


def answer(code: str, rng: random.Random) -> str:
    code = code if code.endswith("\n") else code + "\n"  # the closing fence needs a line
    think = " ".join(rng.choice(["hmm", "so", "we need", "subtask", "greedy", "dp"])
                     for _ in range(rng.randint(5, 40)))
    return (
        f"<think>{think}</think>\nFirst attempt:\n```{FAMILY}\n// draft, not final\n```\n"
        f"Final solution:\n```{FAMILY}\n{code}```\n"
    )


def _solutions(stored: StoredProblem) -> list[str]:
    return [
        stored.path(s.path).read_text(errors="replace")
        for s in stored.problem.solutions
        if s.language in family_spellings(FAMILY)
    ]


def rows(
    problems: list[StoredProblem], count: int, seed: int, duplicates: float, garbage: float
) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)
    pools = [(p, _solutions(p)) for p in problems]
    pools = [(p, sols) for p, sols in pools if sols]
    if not pools:
        raise ValueError("no stored problem has C++ reference solutions")
    earlier: dict[str, list[str]] = {}
    for i in range(count):
        stored, sources = pools[i % len(pools)]
        problem = stored.problem
        roll = rng.random()
        if roll < garbage:
            generation = rng.choice(GARBAGE)
        elif roll < garbage + duplicates and earlier.get(problem.id):
            generation = rng.choice(earlier[problem.id])
        else:
            code = f"// sample {i}\n" + rng.choice(sources)
            generation = answer(code, rng)
            earlier.setdefault(problem.id, []).append(generation)
        sub = rng.choice(problem.subtasks)
        yield {
            "year": problem.year,
            "problem_id": problem.id,
            "uuid": f"{problem.id}-{i:05d}",
            "subtask": f"{sub.index:02d}-{sub.name}",
            "generation": generation,
            "language": FAMILY,
            "metadata": {"usage": {"output_tokens": rng.randint(500, 30000)}},
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--problem", action="append", help="Stored problem id (default: all).")
    parser.add_argument("--duplicates", type=float, default=0.15)
    parser.add_argument("--garbage", type=float, default=0.1)
    args = parser.parse_args(argv)
    store = ProblemStore(Settings().problems_dir)
    ids = args.problem or [p.id for p in store.list()]
    problems = [store.get(i) for i in ids]
    try:
        with open(args.out, "w", encoding="utf-8") as f:
            for row in rows(problems, args.count, args.seed, args.duplicates, args.garbage):
                f.write(json.dumps(row) + "\n")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.count} rows to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
