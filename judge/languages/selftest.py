"""Start-up self-test of a language (as DMOJ's ``run_self_test``): compile its
small program in the sandbox, run it on its input, compare the output."""

from __future__ import annotations

from judge.languages.base import Language
from judge.languages.compiler import Compiler
from judge.sandbox.models import Limits, RunStatus

_LIMITS = Limits(cpu_time=5.0, wall_time=10.0, memory=512 * 1024 * 1024)


def self_test(compiler: Compiler, lang: Language) -> str:
    """'' if the language works end to end, else what went wrong."""
    test = lang.self_test
    program = compiler.compile(lang, test.source)
    if not program.info.ok:
        return f"{lang.name}: self-test compile {program.info.status.value}: {program.info.message}"
    with compiler.sandbox.box() as box:
        (box.path / "self_test.in").write_text(test.input)
        spec = program.executable.run_spec(
            box,
            limits=_LIMITS,
            stdin=box.path / "self_test.in",
            stdout=box.path / "self_test.out",
        )
        result = box.run(spec)
        if result.status is not RunStatus.OK:
            return f"{lang.name}: self-test run {result.status.value}: {result.message}"
        output = (box.path / "self_test.out").read_text(errors="replace")
    if output != test.output:
        return f"{lang.name}: self-test printed {output[:100]!r}, expected {test.output!r}"
    return ""
