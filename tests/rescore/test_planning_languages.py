"""Which language a rescoring row is judged in, and how its code is found:
the registry's names and aliases, with the configured language for rows that
name none or name only the family."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.languages.extraction import extract_code
from judge.problems.store import ProblemStore
from judge.rescore.models import Generation
from judge.rescore.planning import Planner
from judge.rescore.problems import ProblemIndex


def _planner(tmp_path: Path, language: str) -> Planner:
    return Planner(
        store=ProblemStore(tmp_path / "problems"),
        index=ProblemIndex([]),
        extract=lambda text, lang: extract_code(text, language=lang),
        language=language,
        add_includes=True,
    )


def _gen(language: str | None, generation: str = "") -> Generation:
    return Generation(key="k", id="i", problem_id="p", language=language, generation=generation)


@pytest.mark.parametrize(
    ("column", "configured", "judged_in"),
    [(None, "cpp20", "cpp20"), ("", "cpp20", "cpp20"), ("unknown", "cpp20", "cpp20"),
     ("cpp", "cpp20", "cpp20"), ("C++", "cpp20", "cpp20"), ("cpp", "cpp17", "cpp17"),
     ("cpp17", "cpp20", "cpp17"), ("python3", "cpp20", "python3"), ("py", "cpp17", "python3"),
     ("rust", "cpp17", "rust")],
)  # fmt: skip
def test_language_of_a_row(tmp_path: Path, column: str | None, configured: str,
                           judged_in: str) -> None:  # fmt: skip
    assert _planner(tmp_path, configured).language_of(_gen(column)) == judged_in


def test_code_is_found_in_the_rows_language_and_completed_for_cpp(tmp_path: Path) -> None:
    planner = _planner(tmp_path, "cpp17")
    text = "```python\nprint(1)\n```\n```cpp\nint main() { std::puts(\"\"); }\n```\n"
    assert planner.code_of(_gen(None, text), "python3", None) == "print(1)\n"
    cpp = planner.code_of(_gen(None, text), "cpp17", None)
    assert cpp == '#include <bits/stdc++.h>\nint main() { std::puts(""); }\n'
    # A language nobody knows: its code is looked for as C++ (judging then fails).
    assert planner.code_of(_gen(None, text), "rust", None) == cpp
