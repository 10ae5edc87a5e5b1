"""The plain-format problems the benches and tests write: their manifest reads
back as the spec it was written from."""

from __future__ import annotations

import io
import tomllib
import zipfile

from bench.problems import aplusb, manifest, subtask
from judge.importers.plain import PlainSpec


def test_manifest_reads_back_as_its_spec() -> None:
    spec = PlainSpec(id="x", name='Quote " and \\ back', year=2024, time_limit=0.25,
                     memory_limit_mb=64, subtasks=[subtask("a", 30, "a*"),
                                                   subtask("all", 70.5, "a1", "b*")])
    text = manifest(spec)
    assert PlainSpec.model_validate(tomllib.loads(text)) == spec
    assert 'tests = ["a*"]' in text and "score = 30\n" in text  # what hostile archives edit


def test_aplusb_archive_holds_its_manifest_and_tests() -> None:
    problem = aplusb("relab", time_limit=1.0, extra=" ")
    with zipfile.ZipFile(io.BytesIO(problem.archive())) as zf:
        assert zf.read("problem.toml").decode() == problem.manifest()
        assert zf.read("tests/t2.out") == b"4000000000\n "
    assert [s.name for s in problem.spec.subtasks] == ["small", "big"]
