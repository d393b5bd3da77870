"""The engine cache evicts old entries and keeps under its size cap on write."""

from __future__ import annotations

import os
import time
from collections import namedtuple
from pathlib import Path

import pytest

from csi_tui import paths
from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source
from csi_tui.data import cache
from csi_tui.data.cache import cache_entries, evict

from .helpers import compute, make_cycle, write

MAP = {"ticket_id": "id", "opened_at": "opened", "resolved_at": "resolved"}
DAY = 86400.0
NOW = 2_000_000_000.0  # a fixed clock for evict(); file times are set relative to it
KB = 1000


def _age(path: Path, seconds_ago: float, now: float) -> None:
    when = now - seconds_ago
    for f in [path, *path.rglob("*")] if path.is_dir() else [path]:
        os.utime(f, (when, when))


def _source_entry(root: Path, key: str, size: int, age: float, now: float = NOW) -> None:
    folder = paths.ensure_dir(root / "sources")
    (folder / f"{key}.parquet").write_bytes(b"x" * (size - 10))
    (folder / f"{key}.json").write_bytes(b"{}" + b" " * 8)
    _age(folder / f"{key}.parquet", age, now)
    _age(folder / f"{key}.json", age, now)


def _result_entry(root: Path, key: str, size: int, age: float, now: float = NOW) -> None:
    folder = paths.ensure_dir(root / "results" / key)
    (folder / "obs-0.parquet").write_bytes(b"x" * (size - 10))
    (folder / "result.json").write_bytes(b"{}" + b" " * 8)
    _age(folder, age, now)


def _keys(root: Path) -> set[str]:
    return {e.key for e in cache_entries(root)[0]}


def _cycle(tmp_path: Path, text: str) -> object:
    write(tmp_path, "a.csv", text)
    return make_cycle(
        tmp_path,
        [Source(id="s", path="a.csv", columns=MAP)],
        [Metric(id="v", name="v", source="s", kpi="volume")],
    )


ROW = "id,opened,resolved\n1,2026-01-05 10:00,2026-01-05 12:00\n"


# ---------------------------------------------------------------- through the engine
def test_write_evicts_entries_unused_for_days(tmp_path: Path) -> None:
    cycle = _cycle(tmp_path, ROW)
    compute(cycle, cache=True)  # type: ignore[arg-type]
    root = cache.cache_root()
    old = _keys(root)
    assert len(old) == 2  # the parsed source and the result
    for entry in cache_entries(root)[0]:
        for f in entry.files if entry.folder is None else [entry.folder]:
            _age(f, 10 * DAY, time.time())
    # Yesterday's data changed (a new export): new keys, the old entries are dead.
    write(tmp_path, "a.csv", ROW + "2,2026-01-06 10:00,2026-01-06 12:00\n")
    compute(cycle, cache=True)  # type: ignore[arg-type]
    new = _keys(root)
    assert len(new) == 2 and not (new & old)
    assert not any(root.rglob(".tmp-*"))


def test_recent_entries_survive_a_write(tmp_path: Path) -> None:
    cycle = _cycle(tmp_path, ROW)
    compute(cycle, cache=True)  # type: ignore[arg-type]
    old = _keys(cache.cache_root())
    write(tmp_path, "a.csv", ROW + "2,2026-01-06 10:00,2026-01-06 12:00\n")
    compute(cycle, cache=True)  # type: ignore[arg-type]
    assert old < _keys(cache.cache_root())  # used minutes ago: another process may need them


def test_size_cap_applies_on_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = cache.cache_root()
    for i in range(5):  # a day old each (young enough), 100 kB each, the oldest first
        _result_entry(root, f"old{i}", 100 * KB, DAY + (5 - i) * 3600, time.time())
    monkeypatch.setattr(cache, "MAX_BYTES", 250 * KB)
    compute(_cycle(tmp_path, ROW), cache=True)  # type: ignore[arg-type]
    keys = _keys(root)
    # the two newest old entries fit beside the new (small) ones; the three oldest went
    assert {"old3", "old4"} <= keys and not {"old0", "old1", "old2"} & keys
    assert sum(e.size for e in cache_entries(root)[0]) <= 250 * KB


def test_cache_hit_counts_as_a_use(tmp_path: Path) -> None:
    cycle = _cycle(tmp_path, ROW)
    compute(cycle, cache=True)  # type: ignore[arg-type]
    root = cache.cache_root()
    (result,) = [e for e in cache_entries(root)[0] if e.folder is not None]
    _age(result.folder, 2 * DAY, time.time())  # type: ignore[arg-type]
    compute(cycle, cache=True)  # type: ignore[arg-type]  # served from the cache
    (again,) = [e for e in cache_entries(root)[0] if e.folder is not None]
    assert again.key == result.key and time.time() - again.used < 3600


# ---------------------------------------------------------------- evict() itself
def test_old_entries_go_young_ones_stay(tmp_path: Path) -> None:
    _source_entry(tmp_path, "a", 10 * KB, 4 * DAY)
    _result_entry(tmp_path, "b", 10 * KB, 5 * DAY)
    _source_entry(tmp_path, "c", 10 * KB, 2 * DAY)
    _result_entry(tmp_path, "d", 10 * KB, 1 * DAY)
    report = evict(root=tmp_path, now=NOW, max_age_days=3, max_bytes=10**9)
    assert _keys(tmp_path) == {"c", "d"}
    assert (report.removed, report.freed, report.kept) == (2, 20 * KB, 20 * KB)
    assert not (tmp_path / "results" / "b").exists()
    assert not (tmp_path / "sources" / "a.json").exists()


def test_over_the_cap_the_least_recently_used_go(tmp_path: Path) -> None:
    for i, key in enumerate("abcde"):  # a is the oldest
        _source_entry(tmp_path, key, 100 * KB, (10 - i) * 3600)
    report = evict(root=tmp_path, now=NOW, max_bytes=250 * KB)
    assert _keys(tmp_path) == {"d", "e"}
    assert report.kept == 200 * KB <= report.limit == 250 * KB


def test_just_written_entry_is_kept_even_over_the_cap(tmp_path: Path) -> None:
    _source_entry(tmp_path, "big", 500 * KB, 2 * DAY)  # old enough to be a candidate
    _source_entry(tmp_path, "small", 10 * KB, 3 * DAY)
    evict(keep=("big",), root=tmp_path, now=NOW, max_bytes=100 * KB, max_age_days=10)
    assert _keys(tmp_path) == {"big"}


def test_entries_in_use_are_kept(tmp_path: Path) -> None:
    _source_entry(tmp_path, "reading", 100 * KB, 10 * DAY)  # held by this process
    _source_entry(tmp_path, "other", 100 * KB, 60)  # read a minute ago elsewhere
    _source_entry(tmp_path, "idle", 100 * KB, 10 * DAY)
    with cache._using("reading"):
        evict(root=tmp_path, now=NOW, max_bytes=1)
    assert _keys(tmp_path) == {"reading", "other"}
    evict(root=tmp_path, now=NOW, max_bytes=1)  # released: now it can go
    assert _keys(tmp_path) == {"other"}


def test_cap_follows_free_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i, key in enumerate("abcd"):
        _result_entry(tmp_path, key, 100 * KB, (10 - i) * 3600)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(cache.shutil, "disk_usage", lambda _p: usage(10**6, 10**6, 400 * KB))
    # a quarter of (400 kB free + 400 kB cache) = 200 kB, well under MAX_BYTES
    report = evict(root=tmp_path, now=NOW)
    assert report.limit == 200 * KB and _keys(tmp_path) == {"c", "d"}


def test_stale_temporary_files_go_fresh_ones_stay(tmp_path: Path) -> None:
    folder = paths.ensure_dir(tmp_path / "sources")
    stale, fresh = folder / ".tmp-1-2-x.parquet", folder / ".tmp-abc"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    _age(stale, 2 * DAY, NOW)
    _age(fresh, 10, NOW)  # a write under way in another process
    evict(root=tmp_path, now=NOW)
    assert not stale.exists() and fresh.exists()


def test_empty_or_missing_cache(tmp_path: Path) -> None:
    assert evict(root=tmp_path / "none", now=NOW).removed == 0
