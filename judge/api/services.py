"""What the routes share, built once per app from the settings: Redis clients
(async for reads and waits, sync for RQ), the queue, the stores."""

from __future__ import annotations

from dataclasses import dataclass, field

import redis
import redis.asyncio as aioredis
from fastapi import Request

from judge.api.waiting import Notifier
from judge.problems.model import Problem
from judge.service.connection import connect, connect_async, text
from judge.service.listing import SubmissionListing
from judge.service.problem_cache import PROBLEMS_KEY, model_key
from judge.service.queue import JobQueue
from judge.service.runs import AsyncRunStore, RunQueue
from judge.service.status import ServiceStatusReader
from judge.service.store import AsyncSubmissionStore
from judge.service.testsets import AsyncTestsets
from judge.service.verify_runs import VerifyRuns
from judge.settings import Settings


@dataclass
class ProblemCatalog:
    """Published problems as the API sees them (Redis), with the immutable
    per-version models cached in memory."""

    redis: aioredis.Redis
    _models: dict[tuple[str, str], Problem] = field(default_factory=dict)

    async def versions(self) -> dict[str, str]:
        raw = await self.redis.hgetall(PROBLEMS_KEY)
        return {text(k): text(v) for k, v in raw.items()}

    async def current(self, problem_id: str) -> str | None:
        value = await self.redis.hget(PROBLEMS_KEY, problem_id)
        return text(value)

    async def model(self, problem_id: str, version: str) -> Problem | None:
        key = (problem_id, version)
        if key not in self._models:
            raw = await self.redis.get(model_key(problem_id, version))
            if raw is None:
                return None
            if len(self._models) > 1000:
                self._models.clear()
            self._models[key] = Problem.model_validate_json(raw)
        return self._models[key]

    def forget(self, problem_id: str, version: str) -> None:
        """Metadata (name, solutions) of a version can change on re-upload."""
        self._models.pop((problem_id, version), None)


@dataclass
class Services:
    settings: Settings
    redis: redis.Redis
    aredis: aioredis.Redis
    queue: JobQueue
    store: AsyncSubmissionStore
    notifier: Notifier
    catalog: ProblemCatalog
    verify_runs: VerifyRuns
    listing: SubmissionListing
    status: ServiceStatusReader
    run_queue: RunQueue
    runs: AsyncRunStore
    testsets: AsyncTestsets

    @classmethod
    def build(cls, settings: Settings) -> Services:
        sync = connect(settings.redis_url)
        aio = connect_async(settings.redis_url)
        queue = JobQueue(sync, settings)
        return cls(
            settings=settings,
            redis=sync,
            aredis=aio,
            queue=queue,
            store=AsyncSubmissionStore(aio, settings.result_ttl_seconds),
            notifier=Notifier(aio),
            catalog=ProblemCatalog(aio),
            verify_runs=VerifyRuns(sync, queue),
            listing=SubmissionListing(aio),
            status=ServiceStatusReader(sync, queue),
            run_queue=RunQueue(sync, settings),
            runs=AsyncRunStore(aio),
            testsets=AsyncTestsets(aio, settings.testset_ttl_seconds),
        )

    async def close(self) -> None:
        await self.notifier.stop()
        await self.aredis.aclose()
        self.redis.close()


def services(request: Request) -> Services:
    """FastAPI dependency: the app's services."""
    svc: Services = request.app.state.services
    return svc
