"""Hostile programs (C++ and Python), each run through the real sandbox; the
cases are data in ``programs/cases.toml``. Each test also checks that the host
is unharmed afterwards (``host_guard``)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from sandbox_helpers import GUEST, guest_limits

from judge.sandbox import Limits, RunSpec, RunStatus, Sandbox

PROGRAMS = Path(__file__).parent / "programs"
PYTHON = "/usr/bin/python3"
CASES: list[dict[str, Any]] = tomllib.loads((PROGRAMS / "cases.toml").read_text())["case"]
PARAMS = [
    pytest.param(case, program, id=f"{case['name']}[{program}]")
    for case in CASES
    for program in case["programs"]
]


def spec_for(program: str, binaries: dict[str, Path], box_path: Path, **extra: Any) -> RunSpec:
    name, suffix = program.rsplit(".", 1)
    if suffix == "py":
        (box_path / program).write_text((PROGRAMS / program).read_text())
        return RunSpec(argv=[PYTHON, program], **extra)
    return RunSpec(argv=[name], executable=binaries[name], **extra)


@pytest.mark.usefixtures("host_guard")
@pytest.mark.parametrize(("case", "program"), PARAMS)
def test_case(
    sandbox: Sandbox, binaries: dict[str, Path], case: dict[str, Any], program: str
) -> None:
    with sandbox.box() as box:
        limits = Limits(**{"processes": 1, **case.get("limits", {})})
        if case["status"] != "TLE":  # a case about something else than time
            limits = guest_limits(limits)
        stdout = box.path / "stdout" if case.get("stdout") else None
        spec = spec_for(program, binaries, box.path, limits=limits, stdout=stdout)
        spec.argv += case.get("guest_args" if GUEST and "guest_args" in case else "args", [])
        result = box.run(spec)
        assert result.status == RunStatus(case["status"]), result
        if "limit_hit" in case:
            assert result.limit_hit == case["limit_hit"], result
        if "max_file" in case:
            name, size = case["max_file"]
            path = box.path / name
            assert not path.exists() or path.stat().st_size <= size
