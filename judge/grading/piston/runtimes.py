"""The runtimes ``/api/v2`` offers, looked up as Piston does: by language or
alias, with ``version`` ``*`` or the runtime's own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from judge.grading.piston.cms_ioi import plan_cms_ioi
from judge.grading.piston.codeforces import plan_codeforces
from judge.grading.piston.files import JobFiles, PistonRequestError
from judge.grading.piston.plan import JobPlan
from judge.wire.piston import PistonExecuteRequest, PistonRuntime

Planner = Callable[[JobFiles, PistonExecuteRequest], JobPlan]


@dataclass(frozen=True)
class Runtime:
    language: str
    version: str
    aliases: tuple[str, ...]
    plan: Planner

    def describe(self) -> PistonRuntime:
        return PistonRuntime(language=self.language, version=self.version,
                             aliases=list(self.aliases))


RUNTIMES: tuple[Runtime, ...] = (
    Runtime("cms_ioi", "1.0.0", ("cms", "ioi"), plan_cms_ioi),
    Runtime("c++17", "1.0.0", ("cf_c++17", "cf_cpp17"),
            partial(plan_codeforces, language="cpp17")),
    Runtime("cf_python3", "1.0.0", ("cf_py3",), partial(plan_codeforces, language="python3")),
)


def find_runtime(language: str, version: str = "*") -> Runtime:
    for runtime in RUNTIMES:
        if language == runtime.language or language in runtime.aliases:
            if version in ("*", "", runtime.version) or runtime.version.startswith(
                    version.rstrip("x*.") + "."):
                return runtime
            raise PistonRequestError(
                f"{runtime.language} has version {runtime.version}, not {version!r}")
    known = ", ".join(r.language for r in RUNTIMES)
    raise PistonRequestError(f"runtime is unknown: {language!r} (known: {known})")
