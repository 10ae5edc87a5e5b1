"""The CodeForces runtimes Open R1 sends to (``c++17`` and ``cf_python3``;
Open R1 ``src/open_r1/utils/competitive_programming/cf_scoring.py`` builds the
requests for its Piston ``codeforces`` package).

``main.cpp`` / ``main.python`` (or ``main.py``) is the submission, ``input.txt`` the test,
``correct_output.txt`` the expected output, ``grader_config`` lines of
``KEY=VALUE`` (``TIME_LIMIT`` seconds, ``MEMORY_LIMIT`` MB, ``INPUT_MODE``
``stdio`` or ``file``: read ``input.txt``, write ``output.txt``). Without
``checker.py`` outputs are compared by whitespace-separated tokens; with it the
checker runs as ``checker.py input.txt correct_output.txt output.txt`` and the
first line of its stdout is the score (1 passes)."""

from __future__ import annotations

from judge.grading.piston.files import JobFiles, PistonRequestError
from judge.grading.piston.plan import (
    DEFAULT_MEMORY,
    EXPECTED,
    JobPlan,
    MiB,
    one_test,
    request_memory,
    request_time_limit,
)
from judge.problems.model import BatchParams, TaskType, TrustedProgram
from judge.wire.piston import PistonExecuteRequest

CONFIG = "grader_config"
CHECKER = "checker.py"
# Open R1 names the file main.<its language name>: main.cpp, main.python.
SOURCES = {"cpp17": ("main.cpp", "main.cc"), "python3": ("main.py", "main.python")}


def plan_codeforces(files: JobFiles, request: PistonExecuteRequest, language: str) -> JobPlan:
    found = [name for name in SOURCES[language] if files.has(name)]
    if len(found) != 1:
        sent = ", ".join(sorted(files.files)) or "none"
        raise PistonRequestError(f"send one of {' or '.join(SOURCES[language])} (the "
                                 f"submission); files sent: {sent}")
    source = found[0]
    if not files.has(EXPECTED):
        raise PistonRequestError(f"missing {EXPECTED} (the expected output)")
    config = read_config(files)
    named_files = config.get("INPUT_MODE", "stdio") == "file"
    batch = BatchParams(
        compilation="alone",
        input_file="input.txt" if named_files else None,
        output_file="output.txt" if named_files else None,
        evaluation="checker" if files.has(CHECKER) else "diff",
    )
    fields: dict[str, object] = {
        "task_type": TaskType.BATCH,
        "time_limit": _number(config, "TIME_LIMIT", request_time_limit(request)),
        "memory_limit": _memory(config, request),
        "batch": batch,
        **one_test(files, expected=True),
    }
    if files.has(CHECKER):
        fields["checker"] = TrustedProgram(source=CHECKER)
    return JobPlan(fields, files, language, files.text(source))


def read_config(files: JobFiles) -> dict[str, str]:
    if not files.has(CONFIG):
        return {}
    config: dict[str, str] = {}
    for line in files.text(CONFIG).splitlines():
        key, sep, value = line.partition("=")
        if sep:
            config[key.strip()] = value.strip()
    mode = config.get("INPUT_MODE", "stdio")
    if mode not in ("stdio", "file"):
        raise PistonRequestError(f"unsupported INPUT_MODE {mode!r} (stdio or file)")
    return config


def _number(config: dict[str, str], key: str, fallback: float | None) -> float:
    raw = config.get(key)
    if raw is None:
        if fallback is None:
            raise PistonRequestError(f"no time limit: give {key} in {CONFIG} or run_timeout")
        return fallback
    try:
        value = float(raw)
    except ValueError:
        raise PistonRequestError(f"bad {key} {raw!r} in {CONFIG}") from None
    if not 0 < value <= 60:
        raise PistonRequestError(f"{key} {value} is outside (0, 60]")
    return value


def _memory(config: dict[str, str], request: PistonExecuteRequest) -> int:
    if "MEMORY_LIMIT" not in config:
        return request_memory(request) or DEFAULT_MEMORY
    try:
        megabytes = float(config["MEMORY_LIMIT"])
    except ValueError:
        raise PistonRequestError(f"bad MEMORY_LIMIT {config['MEMORY_LIMIT']!r}") from None
    if not 0 < megabytes <= 65536:
        raise PistonRequestError(f"MEMORY_LIMIT {megabytes} MB is outside (0, 65536]")
    return int(megabytes * MiB)
