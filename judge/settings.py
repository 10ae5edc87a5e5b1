"""The one settings object of ioi-judge.

Every setting is read from an environment variable prefixed ``JUDGE_`` (for
example ``JUDGE_DATA_DIR``) or from a ``.env`` file. The entry points (CLI
commands, the API app factory, the worker) build one :class:`Settings` and pass
it down through constructors; nothing below them reads the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

MiB = 1024 * 1024
GiB = 1024 * MiB


class ArchiveLimits(BaseSettings):
    """Bounds on what an imported archive may unpack to (zip-bomb guard)."""

    model_config = SettingsConfigDict(env_prefix="JUDGE_ARCHIVE_", extra="ignore")

    max_unpacked_bytes: int = Field(2 * GiB, description="Total size of all unpacked files.")
    max_files: int = Field(20_000, description="Number of entries in an archive.")
    max_file_bytes: int = Field(1 * GiB, description="Size of one unpacked file.")
    max_compression_ratio: float = Field(
        1000.0, description="Unpacked/packed size ratio above which an entry is a bomb."
    )


class Settings(BaseSettings):
    """Configuration of the judge, from ``JUDGE_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="JUDGE_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        Path("var"), description="Where problems, compile caches and local state live."
    )
    box_root: Path | None = Field(
        None,
        description=(
            "Where sandbox working directories are made. Defaults to a folder on /dev/shm "
            "(tmpfs, so files a program writes count towards its memory cgroup)."
        ),
    )
    archive: ArchiveLimits = Field(default_factory=ArchiveLimits)

    redis_url: str = "redis://127.0.0.1:6379/0"
    result_ttl_seconds: int = 7 * 24 * 3600
    redis_appendfsync: Literal["always", "everysec"] = Field(
        "always", description="fsync policy of the Redis `ioi-judge up` starts: `always` loses "
        "nothing acknowledged on a crash; `everysec` up to 1 s of writes (docs/reliability.md).",
    )

    submit_tokens: list[str] = Field(default_factory=list)
    admin_tokens: list[str] = Field(default_factory=list)
    max_upload_bytes: int = 64 * MiB
    max_source_bytes: int = 256 * 1024
    max_outputs_bytes: int = Field(
        16 * MiB, description="Output files of one submission together (UTF-8 bytes)."
    )

    api_host: str = Field("0.0.0.0", description="Address the API listens on.")
    api_port: int = Field(8000, description="Port the API listens on.")
    workers: int | None = Field(None, ge=1, description="Worker processes; default one per core.")
    job_timeout: int = Field(1800, description="Seconds one judging job may take before it fails.")
    job_retries: int = Field(
        2, ge=1, description="Re-runs of a job whose worker died or that failed in the judge."
    )
    heartbeat_seconds: float = Field(
        5.0, description="How often a busy worker tells Redis its job is still running."
    )
    heartbeat_grace_seconds: int = Field(
        20, description="A job without heartbeat for this long (+interval) is abandoned."
    )
    maintenance_seconds: int = Field(
        15, description="How often workers look for abandoned jobs (RQ registry cleanup)."
    )
    sweep_grace_seconds: float = Field(
        10.0, gt=0, description="A pending submission whose queue job is missing this long "
        "(on two sweeps) is enqueued again (see JobQueue.sweep).",
    )
    max_run_tests: int = Field(1000, ge=1, description="Most tests in one run or test set.")
    max_testset_bytes: int = Field(
        64 * MiB, description="Inputs and expected outputs of one run or test set together.")
    testset_ttl_seconds: int = Field(
        24 * 3600, description="A test set unused this long expires (each use renews it).")
    max_wait_seconds: float = Field(300.0, description="Longest ?wait= a request may hold.")
    max_batch: int = Field(1000, description="Most submissions in one batch request.")
    piston_open: bool = Field(
        False, description="Serve the Piston-compatible /api/v2 without a token (a private "
        "network only: anyone who reaches it can run code).",
    )
    piston_program_compile_seconds: float = Field(
        120.0, gt=0, description="CPU (and half the wall) limit of compiling a checker or "
        "manager sent to /api/v2 (a manager with testlib.h takes seconds; on a loaded host "
        "more than a submission's compile limit).",
    )
    piston_max_files_bytes: int = Field(
        256 * MiB, description="Files of one /api/v2/execute request together (decoded bytes).",
    )

    test_concurrency: int = Field(2, description="Tests of one submission run in parallel.")
    wall_time_factor: float = Field(3.0, description="Wall limit = time limit x this + slack.")
    wall_time_slack: float = Field(1.0, description="Seconds added to every wall limit.")
    user_processes: int = Field(
        1, ge=1, description="Processes/threads a contestant program may use (CMS: 1; "
        "more lets programs start threads, whose CPU times are then summed).",
    )
    sandbox_slots: int = Field(
        256, ge=2, le=1024, description="Boxes open at once on this host (each a uid and "
        "cgroups). A Communication test takes num_processes + 1 of them at once.",
    )
    sandbox_cgroups: bool = Field(
        True, description="Limit and measure runs with cgroups when a writable hierarchy "
        "exists; false forces the degraded rlimits mode (which /readyz, /metrics and "
        "every result then report).",
    )
    sandbox_pin_cpus: bool = Field(
        True, description="Run each test's processes on one CPU of their own (a lease per "
        "CPU, shared by the host's judges): on virtual machines, processes that talk "
        "through pipes are otherwise billed up to 4x their CPU time for waking idle "
        "virtual CPUs (see judge/sandbox/cpus.py).",
    )
    output_limit_bytes: int = Field(64 * MiB, description="Largest file a contestant may write.")
    stderr_tail_lines: int = Field(
        5, ge=0, le=100,
        description="Last lines of a crashed program's stderr kept in its test result "
        "(a Python traceback); 0 keeps none, as contests that show contestants nothing do.",
    )
    trusted_cpu_seconds: float = Field(30.0, description="CPU limit of checkers and managers.")
    trusted_memory_bytes: int = Field(4 * GiB, description="Memory limit of checkers/managers.")
    compile_cache_bytes: int = Field(2 * GiB, description="Bound of the compile cache (LRU).")
    compile_cache_grace_seconds: float = Field(
        300.0, description="Compile cache entries used this recently are never evicted."
    )
    compile_cpu_seconds: float = Field(10.0, description="CPU limit of one compilation.")
    compile_wall_seconds: float = Field(20.0, description="Wall limit of one compilation.")
    compile_memory_bytes: int = Field(2 * GiB, description="Memory limit of one compilation.")
    compile_processes: int = Field(16, description="Processes a compilation may run.")
    compile_binary_bytes: int = Field(256 * MiB, description="Largest file a compiler may write.")
    compile_message_bytes: int = Field(64 * 1024, description="Compiler output kept (cut).")
    compile_pch: bool = Field(True, description="Use precompiled bits/stdc++.h headers.")

    @property
    def problems_dir(self) -> Path:
        return self.data_dir / "problems"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    def resolved_box_root(self) -> Path:
        if self.box_root is not None:
            return self.box_root
        shm = Path("/dev/shm")
        if shm.is_dir():
            return shm / "ioi-judge" / "boxes"
        return self.data_dir / "boxes"
