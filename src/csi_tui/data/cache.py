"""Cache of parsed sources and computed results under ``paths.cache_dir()/engine``.

Keys are hashes of the definition (the source or the whole cycle's cycle/sources/metrics, the
columns needed, today's date: findings such as "in the future" depend on it) and of each file's
identity: resolved path, size, modification time and the bytes of its first and last 64 KiB.
Changing either gives a new key; old entries are simply never read again. Parsed sources are
Parquet; results are JSON plus one Parquet file of observations per metric. Nothing from the cache
is executed: it is read as data, and anything unreadable counts as a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Collection
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from csi_tui import paths
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

ENGINE_VERSION = "3"  # bump when the engine's output changes for the same input
EDGE = 64 * 1024


def cache_root() -> Path:
    return paths.cache_dir() / "engine"


def _file_identity(path: Path) -> list[object]:
    stat = path.stat()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        digest.update(handle.read(EDGE))
        if stat.st_size > EDGE:
            handle.seek(max(stat.st_size - EDGE, EDGE))
            digest.update(handle.read(EDGE))
    return [str(path.resolve()), stat.st_size, stat.st_mtime_ns, digest.hexdigest()]


def _files(cycle: Cycle, source: Source) -> list[Path]:
    from csi_tui.data.prepare import base_dir, source_key
    from csi_tui.data.readers import resolve_files

    return resolve_files(source, base_dir(cycle), source_key(cycle, source), cycle.path)


def _hash(parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def source_cache_key(
    cycle: Cycle, source: Source, needed: Collection[str] | None, now: datetime
) -> str:
    return _hash(
        (
            ENGINE_VERSION,
            repr(source),
            None if needed is None else sorted(needed),
            repr(cycle.cycle),
            str(cycle.path),
            now.date().isoformat(),
            [_file_identity(f) for f in _files(cycle, source)],
        )
    )


def result_cache_key(cycle: Cycle, now: datetime) -> str:
    return _hash(
        (
            ENGINE_VERSION,
            repr(cycle.cycle),
            repr(cycle.sources),
            repr(cycle.metrics),
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
    cycle: Cycle, source: Source, needed: Collection[str] | None, now: datetime
) -> PreparedSource | None:
    from dataclasses import replace

    from csi_tui.data.prepare import PREVIEW_ROWS, without_keys

    key = source_cache_key(cycle, source, needed, now)
    folder = cache_root() / "sources"
    try:
        meta = json.loads((folder / f"{key}.json").read_text("utf8"))
        frame = pl.read_parquet(folder / f"{key}.parquet")
        report = replace(_report(meta), preview=without_keys(frame.head(PREVIEW_ROWS)))
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
) -> None:
    key = source_cache_key(cycle, source, needed, now)
    folder = cache_root() / "sources"
    try:
        _write_parquet(folder / f"{key}.parquet", prep.frame)
        _write_atomic(folder / f"{key}.json", json.dumps(to_jsonable(prep.report)).encode())
    except OSError:
        pass  # a cache that cannot be written only costs time


# ---------------------------------------------------------------- results
def load_result(cycle: Cycle, now: datetime) -> ComputeResult | None:
    from dataclasses import replace

    try:
        key = result_cache_key(cycle, now)
    except Exception:  # a missing file: compute_cycle reports it properly
        return None
    folder = cache_root() / "results" / key
    try:
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
        return ComputeResult(
            cycle_id=d["cycle_id"],
            grain=d["grain"],
            timezone=d["timezone"],
            sources=tuple(reports),
            metrics=tuple(series),
            findings=tuple(_finding(x) for x in d["findings"]),
            computed_at=_dt(d["computed_at"]),
        )
    except (OSError, ValueError, KeyError, TypeError, pl.exceptions.PolarsError):
        return None


def save_result(cycle: Cycle, now: datetime, result: ComputeResult) -> None:
    try:
        key = result_cache_key(cycle, now)
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
        pass
