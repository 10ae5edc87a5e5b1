"""The admin listing over a real Redis: newest first across pages, expired
submissions dropped from the index without shifting a page, the trim by TTL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from service_helpers import make_settings

from judge.service.connection import connect, connect_async
from judge.service.listing import SubmissionFilter, SubmissionListing, UnknownCursor
from judge.service.queue import JobQueue
from judge.service.store import RECENT_KEY, submission_key
from judge.settings import Settings
from judge.wire.submissions import SubmissionRequest


@pytest.fixture
def settings(redis_url: str, tmp_path: Path) -> Settings:
    return make_settings(redis_url, tmp_path / "data")


def _submit(queue: JobQueue, count: int, language: str = "python3") -> list[str]:
    request = SubmissionRequest(problem_id="apb", language=language, source="print(1)")
    return queue.submit([(request, "v1")] * count)


def _all_pages(settings: Settings, wanted: SubmissionFilter, limit: int) -> list[list[str]]:
    async def walk() -> list[list[str]]:
        connection = connect_async(settings.redis_url)
        listing, pages, before = SubmissionListing(connection), [], None
        try:
            while True:
                page = await listing.page(wanted, limit, before)
                pages.append([row.id for row in page.submissions])
                if page.next_before is None:
                    return pages
                before = page.next_before
        finally:
            await connection.aclose()

    return asyncio.run(walk())


def test_expired_submissions_leave_the_index_and_shift_no_page(settings: Settings) -> None:
    queue = JobQueue(connect(settings.redis_url), settings)
    ids = [i for _ in range(6) for i in _submit(queue, 1)]  # six submit times
    newest_first = ids[::-1]
    for gone in (newest_first[1], newest_first[2], newest_first[4]):
        queue.redis.delete(submission_key(gone))  # as a result that expired
    pages = _all_pages(settings, SubmissionFilter(), limit=2)
    assert [i for page in pages for i in page] == [newest_first[0], newest_first[3],
                                                  newest_first[5]]
    assert queue.redis.zcard(RECENT_KEY) == 3


def test_a_rare_filter_pages_on_past_the_scan_bound(settings: Settings,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("judge.service.listing.MAX_SCANNED", 5)
    monkeypatch.setattr("judge.service.listing.CHUNK", 3)
    queue = JobQueue(connect(settings.redis_url), settings)
    [rare] = _submit(queue, 1, "cpp17")
    _submit(queue, 12)
    pages = _all_pages(settings, SubmissionFilter(language="cpp17"), limit=10)
    assert [i for page in pages for i in page] == [rare]
    assert len(pages) == 3 and pages[0] == []  # short pages that still hand a cursor on


def test_old_entries_are_trimmed_and_a_stale_cursor_is_refused(settings: Settings) -> None:
    short = settings.model_copy(update={"result_ttl_seconds": 60})
    queue = JobQueue(connect(short.redis_url), short)
    queue.redis.zadd(RECENT_KEY, {"ancient": 1.0})
    [fresh] = _submit(queue, 1)
    assert [m.decode() for m in queue.redis.zrange(RECENT_KEY, 0, -1)] == [fresh]

    async def stale() -> None:
        connection = connect_async(short.redis_url)
        try:
            await SubmissionListing(connection).page(SubmissionFilter(), 5, "ancient")
        finally:
            await connection.aclose()

    with pytest.raises(UnknownCursor, match="ancient"):
        asyncio.run(stale())
