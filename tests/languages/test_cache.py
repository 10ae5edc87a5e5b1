import multiprocessing
import os
import time
from pathlib import Path

from judge.languages.cache import META, CompileCache, EntryMeta
from judge.wire.results import CompileStatus


def _meta() -> EntryMeta:
    return EntryMeta(status=CompileStatus.OK, language="cpp17", sources=["sol.cpp"])


def _put(cache: CompileCache, key: str, size: int) -> None:
    with cache.staging() as stage:
        (stage / "prog").write_bytes(b"x" * size)
        cache.publish(key, stage, _meta())


def _age(cache: CompileCache, key: str, seconds_ago: float) -> None:
    t = time.time() - seconds_ago
    os.utime(cache.entries / key / META, (t, t))


def test_publish_then_lookup(tmp_path: Path) -> None:
    cache = CompileCache(tmp_path, max_bytes=1 << 20, grace_seconds=0)
    assert cache.lookup("k") is None
    _put(cache, "k", 10)
    hit = cache.lookup("k")
    assert hit is not None and (hit.path / "prog").read_bytes() == b"x" * 10
    assert hit.meta.status is CompileStatus.OK
    assert list(cache.tmp.iterdir()) == []


def test_lru_eviction_keeps_recently_used(tmp_path: Path) -> None:
    cache = CompileCache(tmp_path, max_bytes=2500, grace_seconds=0)
    for i, key in enumerate(["a", "b"]):
        _put(cache, key, 1000)
        _age(cache, key, 100 - i)
    assert cache.lookup("a") is not None  # a is now the most recently used
    _put(cache, "c", 1000)  # over the bound: the least recently used (b) goes
    assert cache.lookup("b") is None
    assert cache.lookup("a") is not None and cache.lookup("c") is not None
    assert cache.total_bytes() <= 2500


def test_entries_in_use_survive_eviction(tmp_path: Path) -> None:
    cache = CompileCache(tmp_path, max_bytes=100, grace_seconds=60)
    _put(cache, "a", 1000)
    _put(cache, "b", 1000)
    assert cache.lookup("a") is not None and cache.lookup("b") is not None
    _age(cache, "a", 120)
    cache.evict()
    assert cache.lookup("a") is None and cache.lookup("b") is not None


def _worker(root: str, log: str, barrier: object) -> None:
    cache = CompileCache(Path(root), max_bytes=1 << 20, grace_seconds=0)
    barrier.wait()  # type: ignore[attr-defined]
    with cache.locked("same"):
        if cache.lookup("same") is None:
            with open(log, "a") as f:
                f.write(f"{os.getpid()}\n")
            time.sleep(0.3)
            _put(cache, "same", 5)


def test_two_processes_one_compile(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(2)
    log = tmp_path / "log"
    procs = [
        ctx.Process(target=_worker, args=(str(tmp_path / "c"), str(log), barrier)) for _ in range(2)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert len(log.read_text().split()) == 1
    cache = CompileCache(tmp_path / "c", max_bytes=1 << 20, grace_seconds=0)
    assert cache.lookup("same") is not None


def test_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    cache = CompileCache(tmp_path, max_bytes=1 << 20, grace_seconds=0)
    with cache.staging() as stage:
        (stage / "prog").write_bytes(b"x")
        meta = _meta().model_copy(update={"artifacts": ["prog"]})
        cache.publish("k", stage, meta)
    assert cache.lookup("k") is not None
    (cache.entries / "k" / "prog").unlink()
    assert cache.lookup("k") is None and not (cache.entries / "k").exists()
