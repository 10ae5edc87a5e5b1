"""Compiling submissions: in the sandbox, under compile limits, through the cache.

One :class:`Compiler` per process. ``compile`` hashes everything that decides
the result (language, toolchain version, command line, the submission and the
grader/stub/header files) and serves a cached result when it has one — also for
compile errors, so a resubmitted broken source fails instantly. Otherwise it
compiles in a fresh box (with the precompiled ``bits/stdc++.h`` when the
source includes it) and publishes the result to the cache. Grader and stub
sources are compiled once per problem version to objects kept in the same
cache and linked with each submission: ``g++ <flags> -o prog grader.o sol.cpp``
gives the same binary as the IOI line ``g++ <flags> -o prog grader.cpp sol.cpp``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from judge.languages import pch, pch_build, task_pch
from judge.languages.base import Language
from judge.languages.cache import META, CacheEntry, CompileCache, EntryMeta
from judge.languages.executable import Executable
from judge.languages.outcome import Outcome, collect_artifacts, compile_outcome, read_cut
from judge.languages.toolchain import toolchain_id
from judge.languages.trusted import TrustedCompiler
from judge.problems.model import TrustedProgram
from judge.problems.store import StoredProblem
from judge.sandbox.models import Limits, RunSpec, RunStatus
from judge.settings import Settings
from judge.wire.results import CompileInfo, CompileStatus

if TYPE_CHECKING:
    from judge.sandbox import Sandbox

log = logging.getLogger(__name__)

CACHE_FORMAT = "1"
_OUT, _ERR = ".compile.stdout", ".compile.stderr"
_PCH_HEADER = pch_build.HEADER.encode()
COMPILE_ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "LANG": "C"}


class NotCompiled(RuntimeError):
    """The program did not compile, so there is nothing to run."""


@dataclass(frozen=True)
class CompiledProgram:
    """The result of a compile: its summary, and how to run it if it is OK."""

    info: CompileInfo
    language: str
    key: str
    program: Executable | None = None

    @property
    def executable(self) -> Executable:
        if self.program is None:
            raise NotCompiled(f"compilation {self.info.status.value}: {self.info.message[:200]}")
        return self.program


class Compiler:
    def __init__(self, settings: Settings, sandbox: Sandbox) -> None:
        self.settings = settings
        self.sandbox = sandbox
        self.cache = CompileCache(
            settings.cache_dir / "compile",
            settings.compile_cache_bytes,
            settings.compile_cache_grace_seconds,
        )
        self.pch = pch.PchStore(self.pch_root(settings)) if settings.compile_pch else None
        self._pch_dirs: dict[str, str | None] = {}
        self._trusted: TrustedCompiler | None = None

    @staticmethod
    def pch_root(settings: Settings) -> Path:
        return (settings.cache_dir / "pch").absolute()

    @classmethod
    def sandbox_mounts(cls, settings: Settings) -> dict[str, Path]:
        """Read-only mounts compiles need in the box (the precompiled headers)."""
        root = cls.pch_root(settings)
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(0o755)
        return {pch.MOUNT: root}

    def compile(
        self,
        lang: Language,
        source: str,
        extra_files: dict[str, bytes] | None = None,
        grader_sources: list[str] | None = None,
        use_cache: bool = True,
    ) -> CompiledProgram:
        """Compile ``source`` with the grader/stub ``grader_sources`` (names in
        ``extra_files``, which also holds the headers). Never raises for
        anything in the source; a bad file set is an SE."""
        files = dict(extra_files or {})
        graders = list(grader_sources or [])
        problem = _check_files(lang, files, graders)
        if problem:
            return CompiledProgram(
                CompileInfo(status=CompileStatus.SE, message=problem), lang.name, ""
            )
        # surrogatepass: a broken source reaches the compiler (a CE), not a traceback
        files[lang.source_name()] = source.encode("utf-8", errors="surrogatepass")
        sources = [*graders, lang.source_name()]
        key = self.key(lang, sources, files)
        if use_cache and (hit := self.cache.lookup(key)) is not None:
            return self._program(lang, key, hit, cached=True)
        with self.cache.locked(key):
            if use_cache and (hit := self.cache.lookup(key)) is not None:
                return self._program(lang, key, hit, cached=True)
            return self._compile_and_publish(lang, key, sources, files)

    def compile_trusted(self, stored: StoredProblem, program: TrustedProgram) -> Path:
        """The problem's checker or manager, compiled once (TrustedCompileError)."""
        if self._trusted is None:
            self._trusted = TrustedCompiler(self.settings.cache_dir / "trusted")
        return self._trusted.compile(stored, program)

    def warm_up(self, languages: list[Language]) -> None:
        """Build the precompiled headers now rather than on the first compile."""
        for lang in languages:
            self.pch_dir(lang)

    @classmethod
    def build_headers(cls, settings: Settings, languages: list[Language]) -> dict[str, bool]:
        """Build the precompiled headers of ``languages`` on the host, without a
        sandbox (``deploy/setup.sh``): {language: built}."""
        store = pch.PchStore(cls.pch_root(settings))
        return {lang.name: store.include_dir(lang, toolchain_id(tuple(lang.toolchain_argv())))
                is not None for lang in languages if lang.pch_flags() is not None}

    def warm_graders(
        self, lang: Language, extra_files: dict[str, bytes], grader_sources: list[str]
    ) -> list[str]:
        """Compile now the grader/stub objects a submission in ``lang`` is linked
        with (as :meth:`compile` would on the first submission); the sources whose
        object is ready."""
        if _check_files(lang, extra_files, grader_sources):
            return []
        return [g for g in grader_sources
                if self._grader_object(lang, g, extra_files) is not None]

    def warm_task_headers(self, lang: Language, headers: dict[str, bytes]) -> list[str]:
        """Build now the task header PCHs (:mod:`judge.languages.task_pch`) that
        submissions opening with one of ``headers`` would build; the ready ones."""
        if self.pch is None or self.pch_dir(lang) is None:
            return []
        toolchain = self.toolchain(lang)
        return [name for name, data in headers.items()
                if self.pch.task_header(lang, toolchain, name, data) is not None]

    def pch_dir(self, lang: Language) -> str | None:
        """The PCH directory (as seen in the box) compiles of ``lang`` use, or
        None. Checked once per process: a probe compile in a box must show that
        g++ loads it (the mount works, the flags match); otherwise compiles go
        without, which is slower but gives the same verdicts."""
        if self.pch is None:
            return None
        if lang.name not in self._pch_dirs:
            self._pch_dirs[lang.name] = self._checked_pch_dir(lang)
        return self._pch_dirs[lang.name]

    def _checked_pch_dir(self, lang: Language) -> str | None:
        assert self.pch is not None
        include = self.pch.include_dir(lang, self.toolchain(lang))
        flags = lang.pch_flags()
        if include is None or flags is None:
            return None
        try:
            with self.sandbox.box() as box:
                (box.path / pch_build.PROBE_NAME).write_text(pch_build.PROBE_SOURCE)
                spec = RunSpec(
                    argv=pch_build.probe_argv(lang.compiler, flags, include),
                    limits=self._limits(),
                    stderr=box.path / _ERR,
                    env=dict(COMPILE_ENV),
                )
                run = box.run(spec)
                err = read_cut(box.path / _ERR, 4096).decode(errors="replace")
        except Exception:
            log.exception("PCH probe of %s failed; compiling without it", lang.name)
            return None
        if run.status is RunStatus.OK and pch_build.probe_used(include, err):
            return include
        log.warning("not using the PCH of %s: %s %s", lang.name, run.status.value, err[:300])
        return None

    def toolchain(self, lang: Language) -> str:
        return toolchain_id(tuple(lang.toolchain_argv()))

    def key(self, lang: Language, sources: list[str], files: dict[str, bytes]) -> str:
        head = {
            "language": lang.name,
            "toolchain": self.toolchain(lang),
            "argv": lang.compile_argv(sources),
            "run": lang.run_argv(sources),
        }
        return _hash(head, files)

    def _compile_and_publish(
        self, lang: Language, key: str, sources: list[str], files: dict[str, bytes]
    ) -> CompiledProgram:
        job, notes = self._submission_job(lang, sources, files)
        meta, entry = self._build(key, job, lang.name, sources, notes)
        if entry is None:
            info = CompileInfo(status=meta.status, message=meta.message, time=meta.time)
            return CompiledProgram(info, lang.name, key)
        return self._program(lang, key, CacheEntry(entry.path, meta), cached=False)

    def _submission_job(
        self, lang: Language, sources: list[str], files: dict[str, bytes]
    ) -> tuple[_Job, str]:
        """The compile of a submission, with the graders' cached objects in place
        of their sources where possible (linking them gives the same binary as
        the one-line IOI compile); also the graders' own compiler warnings."""
        box_files, box_sources, notes = dict(files), list(sources), ""
        for i, grader in enumerate(sources[:-1]):
            built = self._grader_object(lang, grader, files)
            if built is not None:
                name, data, message = built
                box_files[name], box_sources[i] = data, name
                notes += message
        pch_dir = self.pch_dir(lang) if _wants_pch(box_files) else None
        # No grader source may be compiled next to a task header PCH.
        linked = all(s not in files for s in box_sources[:-1])
        links = self._task_header_link(lang, sources, files) if pch_dir and linked else {}
        argv = lang.compile_argv(box_sources, pch_dir)
        artifacts = lang.artifacts(sources, sorted(files))
        return _Job(argv, box_files, artifacts, lang.native, links), notes

    def _task_header_link(
        self, lang: Language, sources: list[str], files: dict[str, bytes]
    ) -> dict[str, str]:
        """``{"task.h.gch": "/pch/..."}`` when the submission opens with the
        task header and then bits/stdc++.h (see :mod:`judge.languages.task_pch`)."""
        assert self.pch is not None
        headers = [n for n in files if n not in sources and f"{n}.gch" not in files]
        header = task_pch.header_first(files[sources[-1]], headers)
        if header is None:
            return {}
        target = self.pch.task_header(lang, self.toolchain(lang), header, files[header])
        return {f"{header}.gch": target} if target else {}

    def _grader_object(
        self, lang: Language, grader: str, files: dict[str, bytes]
    ) -> tuple[str, bytes, str] | None:
        """(object name, bytes, compiler output) of a grader source compiled on
        its own, from the cache or built now; None if not possible."""
        name = PurePosixPath(grader).stem + ".o"
        argv = lang.object_argv(grader, name)
        if argv is None or name in files:
            return None
        inputs = {n: d for n, d in files.items() if n != lang.source_name()}
        head = {"kind": "object", "toolchain": self.toolchain(lang), "argv": argv}
        key = _hash(head, inputs)
        with self.cache.locked(key):
            entry = self.cache.lookup(key)
            if entry is None:
                pch_dir = self.pch_dir(lang) if _wants_pch(inputs) else None
                job_argv = lang.object_argv(grader, name, pch_dir) or argv
                _, entry = self._build(key, _Job(job_argv, inputs, [name], False), lang.name, [])
            if entry is None or entry.meta.status is not CompileStatus.OK:
                return None
            try:
                return name, (entry.path / name).read_bytes(), entry.meta.message
            except OSError:
                return None

    def _build(
        self, key: str, job: _Job, language: str, sources: list[str], notes: str = ""
    ) -> tuple[EntryMeta, CacheEntry | None]:
        """Run ``job`` in a fresh box and publish the result under ``key``
        unless it may depend on the moment (then the entry is None). ``notes``
        (the graders' compiler output) go before the compiler's output."""
        with self.cache.staging() as stage:
            start = time.perf_counter()
            try:
                outcome = self._run_job(job, stage)
            except Exception as exc:  # a judge failure must not look like the user's
                log.exception("compile of %s failed in the judge", language)
                outcome = Outcome(CompileStatus.SE, f"judge error while compiling: {exc}", False)
            meta = EntryMeta(
                status=outcome.status,
                message=notes + outcome.message,
                time=time.perf_counter() - start,
                language=language,
                sources=sources,
                artifacts=job.artifacts if outcome.status is CompileStatus.OK else [],
            )
            if not outcome.cacheable:
                return meta, None
            return meta, self.cache.publish(key, stage, meta)

    def _run_job(self, job: _Job, stage: Path) -> Outcome:
        """Compile in a fresh box; on success copy the artifacts to ``stage``."""
        with self.sandbox.box() as box:
            for name, data in job.files.items():
                (box.path / name).write_bytes(data)
            for name, target in job.links.items():
                os.symlink(target, box.path / name)
            spec = RunSpec(
                argv=job.argv,
                limits=self._limits(),
                stdout=box.path / _OUT,
                stderr=box.path / _ERR,
                env=dict(COMPILE_ENV),
            )
            run = box.run(spec)
            limit = self.settings.compile_message_bytes
            outcome = compile_outcome(run, box.path / _OUT, box.path / _ERR, limit)
            if outcome.status is CompileStatus.OK:
                outcome = collect_artifacts(job.artifacts, job.executable, box.path, stage, outcome)
        return outcome

    def _limits(self) -> Limits:
        s = self.settings
        return Limits(
            cpu_time=s.compile_cpu_seconds,
            wall_time=s.compile_wall_seconds,
            memory=s.compile_memory_bytes,
            processes=s.compile_processes,
            output=s.compile_binary_bytes,
        )

    def _program(
        self, lang: Language, key: str, entry: CacheEntry, cached: bool
    ) -> CompiledProgram:
        meta = entry.meta
        info = CompileInfo(
            status=meta.status,
            message=meta.message,
            time=0.0 if cached else meta.time,
            cached=cached,
        )
        if not info.ok:
            return CompiledProgram(info, lang.name, key)
        argv = tuple(lang.run_argv(meta.sources))
        if lang.native:
            exe = Executable(argv, binary=entry.path / lang.binary_name, entry=entry.path / META)
        else:
            exe = Executable(
                argv, files={n: entry.path / n for n in meta.artifacts}, entry=entry.path / META
            )
        return CompiledProgram(info, lang.name, key, exe)


@dataclass(frozen=True)
class _Job:
    """One compiler run: command, files put in the box, files kept after."""

    argv: list[str]
    files: dict[str, bytes]
    artifacts: list[str]
    executable: bool
    links: dict[str, str] = field(default_factory=dict)  # name -> symlink target


def _hash(head: Mapping[str, object], files: dict[str, bytes]) -> str:
    h = hashlib.sha256(json.dumps({"format": CACHE_FORMAT, **head}, sort_keys=True).encode())
    for name in sorted(files):
        data = files[name]
        h.update(f"\0{name}\0{len(data)}\0".encode() + data)
    return h.hexdigest()[:40]


def _wants_pch(files: dict[str, bytes]) -> bool:
    """A PCH only helps a source that includes bits/stdc++.h; sparing the
    others the flag keeps their compiles independent of it."""
    return any(_PCH_HEADER in data for data in files.values())


def _check_files(lang: Language, files: dict[str, bytes], graders: list[str]) -> str:
    """Why this file set cannot be compiled ('' if it can)."""
    reserved = {lang.source_name(), lang.binary_name, _OUT, _ERR}
    for name in files:
        path = PurePosixPath(name)
        if len(path.parts) != 1 or name in (".", "..") or name in reserved:
            return f"bad grader file name {name!r}"
    missing = [g for g in graders if g not in files]
    if missing:
        return f"grader sources {missing} are not among the grader files"
    return ""
