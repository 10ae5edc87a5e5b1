"""``/v1/problems``: upload (admin), list, show, delete (admin).

An upload is imported on the API host into a throwaway store, then published
to Redis (:class:`judge.service.problem_cache.SharedProblems`) from where every worker
fetches it. Re-uploading identical content yields the same version."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, BinaryIO

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from judge.api.auth import Role, require
from judge.api.errors import ApiError, error_responses
from judge.api.services import Services, services
from judge.grading.tasktypes import accepted_languages
from judge.importers import ImportFailed, import_problem
from judge.problems.model import Problem
from judge.problems.store import ProblemNotFound, ProblemStore
from judge.service.problem_cache import SharedProblems
from judge.settings import Settings
from judge.wire.problems import ProblemInfo, SubtaskInfo
from judge.wire.verify import VerifySummary

router = APIRouter(prefix="/v1/problems", tags=["problems"])
Svc = Annotated[Services, Depends(services)]


def problem_info(problem: Problem, created: bool | None = None,
                 last_verify: VerifySummary | None = None) -> ProblemInfo:
    """What the API tells of a stored problem (``created``: upload answers only)."""
    return ProblemInfo(
        id=problem.id, version=problem.version, name=problem.name,
        task_type=problem.task_type.value, time_limit=problem.time_limit,
        memory_limit=problem.memory_limit, tests=len(problem.tests),
        max_score=problem.max_score,
        subtasks=[SubtaskInfo(name=s.name, index=s.index, max_score=s.max_score,
                              tests=len(s.tests)) for s in problem.subtasks],
        languages=accepted_languages(problem),
        output_only_tests=problem.batch.output_only_tests if problem.batch else [],
        created=created, last_verify=last_verify,
    )


def _safe_name(filename: str | None) -> str:
    """A harmless local file name that keeps the archive's name (the importer
    derives a default problem id from it) and its ``.zip`` suffix."""
    name = Path(filename or "problem.zip").name
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:100].lstrip(".") or "problem.zip"
    return name if name.lower().endswith(".zip") else name + ".zip"


def import_and_publish(svc: Services, upload: BinaryIO, filename: str,
                       problem_id: str | None) -> tuple[Problem, bool]:
    """Blocking: copy the upload to disk, import it, publish it to Redis."""
    settings: Settings = svc.settings
    tmp_root = settings.data_dir / "tmp"
    tmp_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="upload-", dir=tmp_root) as tmp:
        archive = Path(tmp) / filename
        with open(archive, "wb") as out:
            shutil.copyfileobj(upload, out, 1 << 20)
        store = ProblemStore(Path(tmp) / "problems")
        stored = import_problem(archive, store, settings.archive, problem_id)
        created = SharedProblems(svc.redis, store).publish(stored)
        return stored.problem, created


@router.post("", status_code=201, response_model=ProblemInfo,
             dependencies=[Depends(require(Role.ADMIN))],
             responses={200: {"model": ProblemInfo,
                              "description": "This exact version was already there"},
                        **error_responses(400, 403, 422)},
             summary="Upload an IOI/CMS or plain-format problem archive (.zip)")
async def upload(
    svc: Svc,
    response: Response,
    file: Annotated[UploadFile, File(description="The problem archive (.zip).")],
    problem_id: Annotated[str | None, Form(description="Override the package's id.")] = None,
) -> ProblemInfo:
    try:
        problem, created = await run_in_threadpool(
            import_and_publish, svc, file.file, _safe_name(file.filename), problem_id or None
        )
    except ImportFailed as exc:
        raise ApiError(422, f"cannot import the archive: {exc}") from None
    finally:
        await file.close()
    svc.catalog.forget(problem.id, problem.version)
    if not created:
        response.status_code = 200
    return problem_info(problem, created)


@router.get("", response_model=list[ProblemInfo], dependencies=[Depends(require(Role.SUBMIT))],
            summary="Every problem, at its current version")
async def list_problems(svc: Svc) -> list[ProblemInfo]:
    found = []
    for problem_id, version in sorted((await svc.catalog.versions()).items()):
        problem = await svc.catalog.model(problem_id, version)
        if problem is not None:
            found.append(problem)
    verified = await run_in_threadpool(svc.verify_runs.summaries, [p.id for p in found])
    return [problem_info(p, last_verify=verified.get(p.id)) for p in found]


@router.get("/{problem_id}", response_model=ProblemInfo,
            dependencies=[Depends(require(Role.SUBMIT))], responses=error_responses(404, 422),
            summary="One problem")
async def get_problem(problem_id: str, svc: Svc) -> ProblemInfo:
    version = await svc.catalog.current(problem_id)
    problem = await svc.catalog.model(problem_id, version) if version else None
    if problem is None:
        raise ApiError(404, f"unknown problem {problem_id!r}")
    verified = await run_in_threadpool(svc.verify_runs.summaries, [problem_id])
    return problem_info(problem, last_verify=verified.get(problem_id))


@router.delete("/{problem_id}", status_code=204, dependencies=[Depends(require(Role.ADMIN))],
               responses=error_responses(403, 404, 422),
               summary="Delete a problem (queued submissions still finish)")
async def delete_problem(problem_id: str, svc: Svc) -> Response:
    shared = SharedProblems(svc.redis, ProblemStore(svc.settings.problems_dir))
    try:
        await run_in_threadpool(shared.delete, problem_id)
    except ProblemNotFound:
        raise ApiError(404, f"unknown problem {problem_id!r}") from None
    return Response(status_code=204)
