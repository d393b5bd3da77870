"""Row-level data-quality findings: shown before any number is believed.

``source_findings`` runs on the kept rows of one source: empty values, repeated ticket ids,
impossible or absurd resolution times, future timestamps, rows outside the cycle. (The checks on
the counts per period are in ``period_checks``.) Each finding has a severity, a count and advice.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import polars as pl

from csi_tui.cycle.model import Cycle
from csi_tui.cycle.sources import Source
from csi_tui.data import columns as cols
from csi_tui.data.results import Finding

ABSURD_HOURS = 24 * 365  # a resolution time over a year is almost always a data error
# Columns that are legitimately empty for some rows (open tickets have no resolved_at).
OPTIONAL_NULLS = {"resolved_at", "closed_at", "end", cols.RESOLUTION_HOURS}
Counts = Mapping[str, int]  # the counts of one pass over the rows, by name


def window(cycle: Cycle) -> tuple[datetime, datetime]:
    """The cycle's window as aware datetimes in its zone: [start 00:00, end + 1 day 00:00)."""
    zone = ZoneInfo(cycle.cycle.timezone)
    start = datetime.combine(cycle.cycle.start, time(), zone)
    end = datetime.combine(cycle.cycle.end + timedelta(days=1), time(), zone)
    return start, end


def source_findings(
    cycle: Cycle,
    source: Source,
    frame: pl.DataFrame,
    needed: Collection[str] | None,
    now: datetime,
    hours_later: bool = False,
) -> list[Finding]:
    """Row-level checks, all counted in one parallel pass over the kept rows. ``hours_later``:
    ``resolution_hours`` is not in the frame yet (it will be resolved_at - opened_at), so it is
    checked on those two: resolved before opened, more than a year apart, either one empty, the
    same counts without a column of hours made for them."""
    sid = source.id
    date_col = cols.DATE_COLUMN[source.kind]
    present = set(frame.columns) | ({cols.RESOLUTION_HOURS} if hours_later else set())
    null_cols = [n for n in sorted(set(needed or ()) & present) if n != date_col]
    times = [n for n in cols.DATETIME_COLUMNS if n in frame.columns]
    exprs = [
        *_null_counts(null_cols, hours_later),
        *_hours_counts(frame, hours_later),
        *((pl.col(n) > now).sum().alias(f"future:{n}") for n in times),
        *_outside_count(cycle, frame, date_col),
    ]
    counts: Counts = frame.select(exprs).row(0, named=True) if exprs else {}
    return [
        *_nulls(counts, null_cols, frame.height, sid),
        *_duplicate_keys(source, frame),
        *_resolved_before_opened(counts, sid),
        *_absurd_durations(counts, sid),
        *_future_timestamps(counts, times, sid),
        *_outside_window(counts, cycle, date_col, sid),
    ]


# ---------------------------------------------------------------- what is counted
def _null_counts(null_cols: Sequence[str], hours_later: bool) -> list[pl.Expr]:
    """Empty values of each needed column (hours not made yet: either of their ends empty)."""
    either_empty = pl.col("resolved_at").is_null() | pl.col("opened_at").is_null()
    return [
        either_empty.sum().alias(f"nulls:{n}")
        if hours_later and n == cols.RESOLUTION_HOURS
        else pl.col(n).null_count().alias(f"nulls:{n}")
        for n in null_cols
    ]


def _hours_counts(frame: pl.DataFrame, hours_later: bool) -> list[pl.Expr]:
    """Resolution times below 0 ("negative") and over ``ABSURD_HOURS`` ("absurd")."""
    opened, resolved = pl.col("opened_at"), pl.col("resolved_at")
    if hours_later:
        # Exactly ``hours < 0`` and ``hours > ABSURD_HOURS``: whole microseconds up to 2**53
        # (285 years) convert to hours without rounding across either bound.
        return [
            (resolved < opened).sum().alias("negative"),
            ((resolved - opened) > timedelta(hours=ABSURD_HOURS)).sum().alias("absurd"),
        ]
    if cols.RESOLUTION_HOURS in frame.columns:
        hours = pl.col(cols.RESOLUTION_HOURS)
        return [(hours < 0).sum().alias("negative"), (hours > ABSURD_HOURS).sum().alias("absurd")]
    return []


def _outside_count(cycle: Cycle, frame: pl.DataFrame, date_col: str) -> list[pl.Expr]:
    if date_col not in frame.columns:
        return []
    start, end = window(cycle)
    outside = (pl.col(date_col) < start) | (pl.col(date_col) >= end)
    return [outside.sum().alias("outside")]


def _count(counts: Counts, name: str) -> int:
    return int(counts.get(name, 0))


# ---------------------------------------------------------------- one finding kind each
def _nulls(counts: Counts, names: Sequence[str], rows: int, sid: str) -> list[Finding]:
    return [
        _null_finding(name, nulls, rows, sid)
        for name in names
        if (nulls := _count(counts, f"nulls:{name}"))
    ]


def _null_finding(name: str, nulls: int, rows: int, sid: str) -> Finding:
    optional = name in OPTIONAL_NULLS
    return Finding(
        "info" if optional else "warning",
        "nulls",
        f"{nulls} of {rows} rows have no {name}"
        + (" (still open)" if name in ("resolved_at", "end") else ""),
        "" if optional else f"rows without {name} are left out of metrics that use it",
        source=sid,
        column=name,
        count=nulls,
    )


def _duplicate_keys(source: Source, frame: pl.DataFrame) -> list[Finding]:
    if source.kind != "tickets":
        return []
    if "ticket_id" in frame.columns:
        dupes = _duplicates(frame["ticket_id"])
    elif ID_HASH in frame.columns:
        dupes = duplicate_hashes(frame[ID_HASH])
    else:
        return []
    if not dupes:
        return []
    return [
        Finding(
            "warning",
            "duplicate_keys",
            f"{dupes} rows repeat a ticket_id already seen",
            "if the file is an event log, add [sources.rollup] with key and order_by",
            source=source.id,
            column="ticket_id",
            count=dupes,
        )
    ]


def _resolved_before_opened(counts: Counts, sid: str) -> list[Finding]:
    negative = _count(counts, "negative")
    if not negative:
        return []
    return [
        Finding(
            "warning",
            "resolved_before_opened",
            f"{negative} rows are resolved before they were opened",
            "they are left out of resolution times; check the time zone and date format",
            source=sid,
            column="resolved_at",
            count=negative,
        )
    ]


def _absurd_durations(counts: Counts, sid: str) -> list[Finding]:
    absurd = _count(counts, "absurd")
    if not absurd:
        return []
    return [
        Finding(
            "warning",
            "absurd_duration",
            f"{absurd} rows took more than a year to resolve",
            "check for tickets left open by mistake or bad dates",
            source=sid,
            column=cols.RESOLUTION_HOURS,
            count=absurd,
        )
    ]


def _future_timestamps(counts: Counts, names: Sequence[str], sid: str) -> list[Finding]:
    return [
        Finding(
            "warning",
            "future_timestamps",
            f"{future} values of {name} are in the future",
            "check the time zone of the source and the clock of the exporting system",
            source=sid,
            column=name,
            count=future,
        )
        for name in names
        if (future := _count(counts, f"future:{name}"))
    ]


def _outside_window(counts: Counts, cycle: Cycle, date_col: str, sid: str) -> list[Finding]:
    outside = _count(counts, "outside")
    if not outside:
        return []
    return [
        Finding(
            "info",
            "outside_window",
            f"{outside} rows have {date_col} outside the cycle "
            f"({cycle.cycle.start} to {cycle.cycle.end})",
            "they count only where a KPI looks back (backlog); widen the cycle to include them",
            source=sid,
            column=date_col,
            count=outside,
        )
    ]


# ---------------------------------------------------------------- repeated ticket ids
def _duplicates(ids: pl.Series) -> int:
    """Rows repeating an id already seen (ids kept as strings: something else reads them).
    Large columns: sorting 32 bits of their hashes finds candidate repeats several times faster
    than hashing millions of strings into a set; the rare ids sharing 32 bits by chance are
    among the candidates, which are then compared as strings, so the count is exact."""
    # A wrapping cast keeps the low 32 bits without an integer division.
    return _repeats(ids, lambda part: part.hash(ID_HASH_SEED).cast(pl.UInt32, wrap_numerical=True))


# The 64-bit hash of each ticket_id, computed while the file is read when nothing but the
# duplicate check reads the ids: 8 bytes a row instead of the strings, at the engine's peak. Two
# different ids count as one only if their 64-bit hashes are equal: for n ids the chance of any
# such pair is about n^2 / 2^65, which docs/compute-json.md states.
ID_HASH = "__id_hash"
ID_HASH_SEED = 7


def id_hash_expr() -> pl.Expr:
    return pl.col("ticket_id").hash(ID_HASH_SEED).alias(ID_HASH)


def duplicate_hashes(hashes: pl.Series) -> int:
    """Rows repeating a 64-bit id hash already seen (``hashes``: UInt64, from ``id_hash_expr``).
    Their low 32 bits sort 2-4x faster than all 64; values sharing those are then counted on
    all 64 bits, so the count is that of the 64-bit hashes."""
    return _repeats(hashes, lambda part: part.cast(pl.UInt32, wrap_numerical=True))


SLICE = 1 << 20  # rows handled at a time: the checks' working memory stays a few MB


def _slices(values: pl.Series) -> list[pl.Series]:
    return [values.slice(i, SLICE) for i in range(0, values.len(), SLICE)]


def _repeats(values: pl.Series, low_of: Callable[[pl.Series], pl.Series]) -> int:
    """Rows of ``values`` repeating one already seen. Up to NUMPY_SORT_FROM values polars
    hashes them into a set as fast as it sorts 32 bits of them. Beyond, only values whose 32
    hash bits (``low_of`` a slice of them) repeat are compared in full; slice by slice, so
    that besides the one array of 32-bit values being sorted nothing as long as the column is
    made."""
    if values.len() < NUMPY_SORT_FROM and "numpy" not in sys.modules:
        return values.len() - values.n_unique()
    parts = _slices(values)
    repeated = _repeated([low_of(part) for part in parts], values.len())
    if repeated.len() == 0:
        return 0
    wanted = repeated.implode()
    suspects = pl.concat([part.filter(low_of(part).is_in(wanted)) for part in parts])
    return suspects.len() - suspects.n_unique()


# From here numpy's sort pays for importing numpy the first time (bench/README.md).
NUMPY_SORT_FROM = 5_000_000


def _repeated(lows: Sequence[pl.Series], total: int) -> pl.Series:
    """The values found more than once in ``lows`` (UInt32 slices, no nulls, ``total`` values
    in all), each once. numpy sorts 32-bit integers with SIMD, several times faster than
    polars, here in place in the one array the slices are copied into."""
    import numpy as np

    flat = np.empty(total, dtype=np.uint32)
    start = 0
    for low in lows:
        flat[start : start + low.len()] = low.to_numpy()
        start += low.len()
    flat.sort()
    return pl.Series("repeated", np.unique(flat[1:][flat[1:] == flat[:-1]]))
