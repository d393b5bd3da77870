"""Period keys: each date-time column's period (``__p_<column>``) added to the prepared rows, and
which column places a metric in time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import polars as pl

from csi_tui.cycle.model import Metric
from csi_tui.data import columns as cols
from csi_tui.data import kpis
from csi_tui.data.periods import located_period_key, period_key
from csi_tui.data.plan import SourcePlan

KEY_SLICE = 1 << 20  # rows whose keys are worked out at a time


def with_keys(frame: pl.DataFrame, grain: str, extra: Sequence[str] = ()) -> pl.DataFrame:
    """The prepared rows with the period key of each datetime column (``__p_<column>``), and of
    the ``extra`` columns metrics are placed by (``options.at``): aware datetimes are located
    among their periods' start instants (``located_period_key``, given each column's range, all
    columns in one parallel pass), others (a ``period`` of dates) go through ``period_key``."""
    wanted = [
        c
        for c in dict.fromkeys((*cols.DATETIME_COLUMNS, *extra))
        if c in frame.columns and kpis.pkey(c) not in frame.columns
    ]
    aware = {c: t for c in wanted if isinstance(t := frame.schema[c], pl.Datetime) and t.time_zone}
    spans = [e for c in aware for e in (pl.col(c).min().alias(c + "<"), pl.col(c).max())]
    ranges = frame.select(spans).row(0, named=True) if spans else {}
    keys = []
    for c in wanted:
        dtype, low, high = aware.get(c), ranges.get(c + "<"), ranges.get(c)
        if dtype is not None and isinstance(low, datetime) and isinstance(high, datetime):
            key = located_period_key(c, dtype, low, high, grain)
        else:  # dates, or no values at all
            key = period_key(c, grain)
        keys.append(key.alias(kpis.pkey(c)))
    if not keys:
        return frame
    return frame.hstack(in_slices(frame, keys))


def at_column(metric: Metric) -> str:
    """The column that places a metric's rows in time."""
    spec = kpis.KPIS.get(metric.kpi or "")
    default = spec.at if spec is not None else "opened_at"
    return str(metric.options.get("at", default))


def placing_columns(plan: SourcePlan, frame: pl.DataFrame) -> list[str]:
    """Columns beyond the canonical ones that metrics on the source are placed by (a derived
    date-time, say), when they hold dates or date-times: they need period keys too."""
    out = []
    for m in plan.metrics:
        at = at_column(m)
        if (
            at in frame.columns
            and at not in cols.DATETIME_COLUMNS
            and isinstance(frame.schema[at], pl.Date | pl.Datetime)
        ):
            out.append(at)
    return out


def placeable(metric: Metric, frame: pl.DataFrame) -> bool:
    """The metric's time column, when the frame has it, holds dates or date-times."""
    at = at_column(metric)
    return at not in frame.columns or isinstance(frame.schema[at], pl.Date | pl.Datetime)


def in_slices(frame: pl.DataFrame, exprs: list[pl.Expr]) -> list[pl.Series]:
    """``frame.select(exprs)`` worked out a slice of rows at a time, laid out in the frame's
    chunks: a whole column at once needs two full-length temporaries per key (row positions,
    then dates) at the engine's peak; columns chunked apart from the frame would make every
    later operation on it align them first."""
    chunks: list[list[pl.DataFrame]] = []
    offset = 0
    for length in frame.to_series(0).chunk_lengths():
        pieces = range(offset, offset + length, KEY_SLICE)
        ends = [min(p + KEY_SLICE, offset + length) for p in pieces]
        chunks.append(
            [frame.slice(p, e - p).select(exprs) for p, e in zip(pieces, ends, strict=True)]
        )
        offset += length
    out = []
    for i in range(len(exprs)):
        per_chunk = []
        for parts in chunks:
            column = pl.concat([part.to_series(i) for part in parts], rechunk=len(parts) > 1)
            per_chunk.append(column)
        out.append(pl.concat(per_chunk, rechunk=False))
    return out
