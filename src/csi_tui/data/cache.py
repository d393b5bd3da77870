"""Cache of parsed sources and computed results under ``paths.cache_dir()/engine``.

Keys are hashes of the definition (the source or the whole cycle's cycle/sources/metrics, the
columns needed, today's date: findings such as "in the future" depend on it) and of each file's
identity: resolved path, size, modification time and the bytes of its first and last 64 KiB.
Changing either gives a new key, so old entries are never read again: each write therefore
evicts (``evict``) entries not used for ``MAX_AGE_DAYS`` and then the least recently used ones
while the cache is over its size cap, never the entry just written nor one in use. Parsed sources
are Parquet; results are JSON plus one Parquet file of observations per metric. Nothing from the
cache is executed: it is read as data, and anything unreadable counts as a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from csi_tui import paths
from csi_tui.cycle.edit_impact import cycle_part, result_part
from csi_tui.cycle.model import Cycle, Source
from csi_tui.data.results import (
    BreakdownValue,
    ColumnInfo,
    ComputeResult,
    DropCount,
    Finding,
    MetricSeries,
    PeriodValue,
    SourceReport,
)

if TYPE_CHECKING:
    from csi_tui.data.prepare import PreparedSource

ENGINE_VERSION = "5"  # bump when the engine's output changes for the same input
EDGE = 64 * 1024


# Eviction. Keys hold today's date, so an entry from an earlier day is already dead; a few days
# leave room for a cycle opened with a fixed "now" or across midnight.
MAX_AGE_DAYS = 3.0
MAX_BYTES = 2 * 1024**3
# ... and never more than this share of the space the cache could have (its size + free disk).
FREE_SHARE = 0.25
# Another process (the TUI beside the CLI) may be reading an entry it used this recently.
IN_USE_SECONDS = 15 * 60.0
# A temporary file this old is left over from a write that was killed.
STALE_TMP_SECONDS = 24 * 3600.0
TMP_PREFIX = ".tmp-"

_in_use: dict[str, int] = {}  # keys this process is reading or writing right now
_in_use_lock = threading.Lock()


def cache_root() -> Path:
    return paths.cache_dir() / "engine"


@contextmanager
def _using(key: str) -> Iterator[None]:
    """Marks ``key`` as in use by this process (threads included) so eviction leaves it alone."""
    with _in_use_lock:
        _in_use[key] = _in_use.get(key, 0) + 1
    try:
        yield
    finally:
        with _in_use_lock:
            _in_use[key] -= 1
            if not _in_use[key]:
                del _in_use[key]


def _touch(path: Path) -> None:
    """A cache hit counts as a use: eviction goes by the newest modification time."""
    with suppress(OSError):
        os.utime(path)


@dataclass(frozen=True)
class CacheEntry:
    key: str
    files: tuple[Path, ...]  # for a result: the files of its folder
    folder: Path | None  # a result's folder, removed with it
    size: int
    used: float  # newest modification time: written or last read

    def remove(self) -> None:
        # The JSON first: without it a reader sees a miss, never half an entry.
        for f in sorted(self.files, key=lambda f: f.suffix != ".json"):
            f.unlink(missing_ok=True)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


@dataclass(frozen=True)
class Eviction:
    removed: int
    freed: int  # bytes
    kept: int  # bytes left in the cache
    limit: int  # the size cap that applied


def _stat(path: Path) -> tuple[int, float] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime


def cache_entries(root: Path | None = None) -> tuple[list[CacheEntry], list[Path]]:
    """The cache's entries, and its temporary files (writes under way or killed)."""
    root = cache_root() if root is None else root
    entries: list[CacheEntry] = []
    temporary: list[Path] = []
    grouped: dict[str, list[Path]] = {}
    sources = root / "sources"
    for f in sources.iterdir() if sources.is_dir() else ():
        if f.name.startswith(TMP_PREFIX):
            temporary.append(f)
        else:
            grouped.setdefault(f.name.split(".", 1)[0], []).append(f)
    for key, files in grouped.items():
        stats = [st for st in map(_stat, files) if st is not None]
        if stats:
            entries.append(
                CacheEntry(
                    key, tuple(files), None, sum(s for s, _ in stats), max(m for _, m in stats)
                )
            )
    results = root / "results"
    for folder in results.iterdir() if results.is_dir() else ():
        if not folder.is_dir():
            continue
        files = [f for f in folder.iterdir() if f.is_file()]
        stats = [st for st in map(_stat, files) if st is not None]
        own = _stat(folder)  # an empty folder (a write just starting) has its own time
        times = [m for _, m in stats] + ([own[1]] if own is not None else [])
        if times:
            size = sum(s for s, _ in stats)
            entries.append(CacheEntry(folder.name, tuple(files), folder, size, max(times)))
    return entries, temporary


def _limit(root: Path, total: int, max_bytes: int) -> int:
    try:
        free = shutil.disk_usage(root).free
    except OSError:
        return max_bytes
    return min(max_bytes, int(FREE_SHARE * (free + total)))


def evict(
    keep: Collection[str] = (),
    *,
    root: Path | None = None,
    now: float | None = None,
    max_age_days: float | None = None,
    max_bytes: int | None = None,
) -> Eviction:
    """Deletes entries unused for ``max_age_days`` (default ``MAX_AGE_DAYS``), then the least
    recently used ones while the cache is over ``min(max_bytes, FREE_SHARE of its size + free
    disk)`` (default ``MAX_BYTES``).

    Never deleted: the keys in ``keep`` (the entry just written), keys this process is using,
    and entries used in the last ``IN_USE_SECONDS`` (another process may be reading them), so
    the cache can stay over the cap while a large entry is in use. Errors are ignored: another
    process may be evicting at the same time.
    """
    root = cache_root() if root is None else root
    now = time.time() if now is None else now
    max_age_days = MAX_AGE_DAYS if max_age_days is None else max_age_days
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    entries, temporary = cache_entries(root)
    for tmp in temporary:
        st = _stat(tmp)
        if st is not None and now - st[1] > STALE_TMP_SECONDS:
            tmp.unlink(missing_ok=True)
    with _in_use_lock:
        busy = set(keep) | set(_in_use)
    protected = [e for e in entries if e.key in busy or now - e.used < IN_USE_SECONDS]
    protected_keys = {id(e) for e in protected}
    candidates = sorted((e for e in entries if id(e) not in protected_keys), key=lambda e: e.used)
    total = sum(e.size for e in entries)
    limit = _limit(root, total, max_bytes)
    removed = freed = 0
    for entry in candidates:
        too_old = now - entry.used > max_age_days * 86400
        if not too_old and total <= limit:
            break  # oldest first: the rest are newer and fit
        entry.remove()
        removed += 1
        freed += entry.size
        total -= entry.size
    return Eviction(removed, freed, total, limit)


def _evict_quietly(key: str) -> None:
    # a cache that cannot be cleaned only costs disk until the next write
    with suppress(OSError):
        evict(keep=(key,))


def _file_identity(path: Path | str) -> list[object]:
    if isinstance(path, str):
        # A URL (allowed in the user's config) has no size or time to check: never reused.
        return [path, time.time_ns()]
    stat = path.stat()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        digest.update(handle.read(EDGE))
        if stat.st_size > EDGE:
            handle.seek(max(stat.st_size - EDGE, EDGE))
            digest.update(handle.read(EDGE))
    return [str(path.resolve()), stat.st_size, stat.st_mtime_ns, digest.hexdigest()]


def _files(cycle: Cycle, source: Source) -> list[Path | str]:
    from csi_tui.data.prepare import base_dir, source_key
    from csi_tui.data.readers import resolve_files

    return resolve_files(source, base_dir(cycle), source_key(cycle, source), cycle.path)


def _hash(parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def source_cache_key(
    cycle: Cycle,
    source: Source,
    needed: Collection[str] | None,
    now: datetime,
    compact: bool = False,
) -> str:
    return _hash(
        (
            ENGINE_VERSION,
            repr(source),
            None if needed is None else sorted(needed),
            compact,  # counts read as their signs (prepare_source): only for such a cycle
            repr(cycle_part(cycle.cycle)),
            str(cycle.path),
            now.date().isoformat(),
            [_file_identity(f) for f in _files(cycle, source)],
        )
    )


def result_cache_key(cycle: Cycle, now: datetime) -> str:
    return _hash(
        (
            ENGINE_VERSION,
            repr(cycle_part(cycle.cycle)),
            repr(cycle.sources),
            # Only what the engine reads of each metric: a target or name edit keeps the results.
            repr([result_part(m) for m in cycle.metrics]),
            # Per-ticket observations are kept only when there is a change date to test.
            cycle.analysis.change_date is not None,
            str(cycle.path),
            now.date().isoformat(),
            [[_file_identity(f) for f in _files(cycle, s)] for s in cycle.sources],
        )
    )


def _write_atomic(path: Path, data: bytes) -> None:
    paths.ensure_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_parquet(path: Path, frame: pl.DataFrame) -> None:
    paths.ensure_dir(path.parent)
    # pid and thread: the TUI computes in worker threads, the CLI may run beside it.
    tmp = path.with_name(f".tmp-{os.getpid()}-{threading.get_ident()}-{path.name}")
    frame.write_parquet(tmp, compression="lz4")
    os.replace(tmp, path)


# ---------------------------------------------------------------- JSON of result types
def to_jsonable(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name: to_jsonable(getattr(obj, f.name))
            for f in fields(obj)
            if f.name not in ("preview", "observations", "problems")
        }
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    if isinstance(obj, tuple | list):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    return obj


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _finding(d: dict[str, Any]) -> Finding:
    return Finding(**d)


def _report(d: dict[str, Any]) -> SourceReport:
    return SourceReport(
        id=d["id"],
        files=tuple(d["files"]),
        rows_read=d["rows_read"],
        rows_kept=d["rows_kept"],
        dropped=tuple(DropCount(**x) for x in d["dropped"]),
        rolled_up_from=d["rolled_up_from"],
        rolled_up_to=d.get("rolled_up_to"),
        date_column=d["date_column"],
        date_min=_dt(d["date_min"]),
        date_max=_dt(d["date_max"]),
        columns=tuple(ColumnInfo(**x) for x in d["columns"]),
        findings=tuple(_finding(x) for x in d["findings"]),
    )


def _series(d: dict[str, Any], observations: pl.DataFrame | None) -> MetricSeries:
    periods = tuple(
        PeriodValue(
            p["period"],
            date.fromisoformat(p["start"]),
            date.fromisoformat(p["end"]),
            p["value"],
            p["n"],
            p["complete"],
        )
        for p in d["periods"]
    )
    return MetricSeries(
        metric_id=d["metric_id"],
        unit=d["unit"],
        periods=periods,
        breakdowns={k: tuple(BreakdownValue(**b) for b in v) for k, v in d["breakdowns"].items()},
        observations=observations,
        kind=d["kind"],
        findings=tuple(_finding(x) for x in d["findings"]),
        observation_count=d.get("observation_count"),
    )


# ---------------------------------------------------------------- parsed sources
def load_prepared(
    cycle: Cycle,
    source: Source,
    needed: Collection[str] | None,
    now: datetime,
    compact: bool = False,
) -> PreparedSource | None:
    from dataclasses import replace

    key = source_cache_key(cycle, source, needed, now, compact)
    folder = cache_root() / "sources"
    try:
        with _using(key):
            meta = json.loads((folder / f"{key}.json").read_text("utf8"))
            frame = pl.read_parquet(folder / f"{key}.parquet")
            preview_file = folder / f"{key}.preview.parquet"
            preview = pl.read_parquet(preview_file) if preview_file.exists() else None
            _touch(folder / f"{key}.json")
        report = replace(_report(meta), preview=preview)
    except (OSError, ValueError, KeyError, TypeError, pl.exceptions.PolarsError):
        return None
    from csi_tui.data.prepare import PreparedSource

    return PreparedSource(frame, report)


def save_prepared(
    cycle: Cycle,
    source: Source,
    needed: Collection[str] | None,
    now: datetime,
    prep: PreparedSource,
    compact: bool = False,
) -> None:
    key = source_cache_key(cycle, source, needed, now, compact)
    folder = cache_root() / "sources"
    try:
        with _using(key):
            _write_parquet(folder / f"{key}.parquet", prep.frame)
            # The preview as it was made (ids and counts as in the data), not the frame's head.
            if prep.report.preview is not None:
                _write_parquet(folder / f"{key}.preview.parquet", prep.report.preview)
            _write_atomic(folder / f"{key}.json", json.dumps(to_jsonable(prep.report)).encode())
    except OSError:
        return  # a cache that cannot be written only costs time
    _evict_quietly(key)


# ---------------------------------------------------------------- results
def load_result(cycle: Cycle, now: datetime) -> ComputeResult | None:
    try:
        key = result_cache_key(cycle, now)
    except Exception:  # a missing file: compute_cycle reports it properly
        return None
    folder = cache_root() / "results" / key
    try:
        with _using(key):
            return _read_result(folder)
    except (OSError, ValueError, KeyError, TypeError, pl.exceptions.PolarsError):
        return None


def _read_result(folder: Path) -> ComputeResult:
    from dataclasses import replace

    d = json.loads((folder / "result.json").read_text("utf8"))
    series = []
    for i, m in enumerate(d["metrics"]):
        obs_file = folder / f"obs-{i}.parquet"
        obs = pl.read_parquet(obs_file) if obs_file.exists() else None
        series.append(_series(m, obs))
    reports = []
    for i, r in enumerate(d["sources"]):
        prev_file = folder / f"preview-{i}.parquet"
        report = _report(r)
        if prev_file.exists():
            report = replace(report, preview=pl.read_parquet(prev_file))
        reports.append(report)
    result = ComputeResult(
        cycle_id=d["cycle_id"],
        grain=d["grain"],
        timezone=d["timezone"],
        sources=tuple(reports),
        metrics=tuple(series),
        findings=tuple(_finding(x) for x in d["findings"]),
        computed_at=_dt(d["computed_at"]),
    )
    _touch(folder / "result.json")
    return result


def save_result(cycle: Cycle, now: datetime, result: ComputeResult) -> None:
    try:
        key = result_cache_key(cycle, now)
        with _using(key):
            folder = paths.ensure_dir(cache_root() / "results" / key)
            for i, m in enumerate(result.metrics):
                if m.observations is not None:
                    _write_parquet(folder / f"obs-{i}.parquet", m.observations)
            for i, s in enumerate(result.sources):
                if s.preview is not None:
                    _write_parquet(folder / f"preview-{i}.parquet", s.preview)
            # result.json last: its presence means the entry is complete.
            _write_atomic(folder / "result.json", json.dumps(to_jsonable(result)).encode())
    except OSError:
        return
    _evict_quietly(key)
