"""The one settings object of ioi-judge.

Every setting is read from an environment variable prefixed ``JUDGE_`` (for
example ``JUDGE_DATA_DIR``) or from a ``.env`` file. The entry points (CLI
commands, the API app factory, the worker) build one :class:`Settings` and pass
it down through constructors; nothing below them reads the environment.
"""

from __future__ import annotations

from pathlib import Path

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

    submit_tokens: list[str] = Field(default_factory=list)
    admin_tokens: list[str] = Field(default_factory=list)
    max_upload_bytes: int = 64 * MiB
    max_source_bytes: int = 256 * 1024

    test_concurrency: int = Field(2, description="Tests of one submission run in parallel.")
    wall_time_factor: float = Field(3.0, description="Wall limit = time limit x this + slack.")
    wall_time_slack: float = Field(1.0, description="Seconds added to every wall limit.")
    user_processes: int = Field(1, description="Processes/threads a contestant program may use.")
    output_limit_bytes: int = Field(64 * MiB, description="Largest file a contestant may write.")
    trusted_cpu_seconds: float = Field(30.0, description="CPU limit of checkers and managers.")
    trusted_memory_bytes: int = Field(4 * GiB, description="Memory limit of checkers/managers.")
    compile_cache_bytes: int = Field(2 * GiB, description="Bound of the compile cache (LRU).")

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
