"""Data-quality findings: shown before any number is believed.

Row-level checks (``source_findings``) run on the kept rows of one source; period-level checks
(``period_findings``) on its counts per period. Each finding has a severity, a count and advice.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

import polars as pl

from csi_tui.cycle.model import Cycle
from csi_tui.cycle.sources import Source
from csi_tui.data import columns as cols
from csi_tui.data.periods import Period
from csi_tui.data.results import Finding

ABSURD_HOURS = 24 * 365  # a resolution time over a year is almost always a data error
COLLAPSE_RATIO = 0.5  # last period below half the median volume: probably a cut-off export
# Columns that are legitimately empty for some rows (open tickets have no resolved_at).
OPTIONAL_NULLS = {"resolved_at", "closed_at", "end", cols.RESOLUTION_HOURS}


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
    same counts without a column of hours made for them (0.4 GB at 10M rows)."""
    sid = source.id
    rows = frame.height
    date_col = cols.DATE_COLUMN[source.kind]
    start, end = window(cycle)
    present = set(frame.columns) | ({cols.RESOLUTION_HOURS} if hours_later else set())
    null_cols = [n for n in sorted(set(needed or ()) & present) if n != date_col]
    opened, resolved = pl.col("opened_at"), pl.col("resolved_at")
    exprs = [
        (resolved.is_null() | opened.is_null()).sum().alias(f"nulls:{n}")
        if hours_later and n == cols.RESOLUTION_HOURS
        else pl.col(n).null_count().alias(f"nulls:{n}")
        for n in null_cols
    ]
    has_ids = "ticket_id" in frame.columns and source.kind == "tickets"
    hashed_ids = ID_HASH in frame.columns and source.kind == "tickets"
    hours = pl.col(cols.RESOLUTION_HOURS)
    if hours_later:
        # Exactly ``hours < 0`` and ``hours > ABSURD_HOURS``: whole microseconds up to 2**53
        # (285 years) convert to hours without rounding across either bound.
        exprs += [
            (resolved < opened).sum().alias("negative"),
            ((resolved - opened) > timedelta(hours=ABSURD_HOURS)).sum().alias("absurd"),
        ]
    elif cols.RESOLUTION_HOURS in frame.columns:
        exprs += [(hours < 0).sum().alias("negative"), (hours > ABSURD_HOURS).sum().alias("absurd")]
    times = [n for n in cols.DATETIME_COLUMNS if n in frame.columns]
    exprs += [(pl.col(n) > now).sum().alias(f"future:{n}") for n in times]
    if date_col in frame.columns:
        outside = (pl.col(date_col) < start) | (pl.col(date_col) >= end)
        exprs.append(outside.sum().alias("outside"))
    counts = frame.select(exprs).row(0, named=True) if exprs else {}

    out: list[Finding] = []
    for name in null_cols:
        nulls = int(counts[f"nulls:{name}"])
        if not nulls:
            continue
        optional = name in OPTIONAL_NULLS
        out.append(
            Finding(
                "info" if optional else "warning",
                "nulls",
                f"{nulls} of {rows} rows have no {name}"
                + (" (still open)" if name in ("resolved_at", "end") else ""),
                "" if optional else f"rows without {name} are left out of metrics that use it",
                source=sid,
                column=name,
                count=nulls,
            )
        )
    dupes = 0
    if has_ids:
        dupes = _duplicates(frame["ticket_id"])
    elif hashed_ids:
        dupes = duplicate_hashes(frame[ID_HASH])
    if dupes:
        out.append(
            Finding(
                "warning",
                "duplicate_keys",
                f"{dupes} rows repeat a ticket_id already seen",
                "if the file is an event log, add [sources.rollup] with key and order_by",
                source=sid,
                column="ticket_id",
                count=dupes,
            )
        )
    negative = int(counts.get("negative", 0))
    if negative:
        out.append(
            Finding(
                "warning",
                "resolved_before_opened",
                f"{negative} rows are resolved before they were opened",
                "they are left out of resolution times; check the time zone and date format",
                source=sid,
                column="resolved_at",
                count=negative,
            )
        )
    absurd = int(counts.get("absurd", 0))
    if absurd:
        out.append(
            Finding(
                "warning",
                "absurd_duration",
                f"{absurd} rows took more than a year to resolve",
                "check for tickets left open by mistake or bad dates",
                source=sid,
                column=cols.RESOLUTION_HOURS,
                count=absurd,
            )
        )
    for name in times:
        future = int(counts[f"future:{name}"])
        if future:
            out.append(
                Finding(
                    "warning",
                    "future_timestamps",
                    f"{future} values of {name} are in the future",
                    "check the time zone of the source and the clock of the exporting system",
                    source=sid,
                    column=name,
                    count=future,
                )
            )
    outside_n = int(counts.get("outside", 0))
    if outside_n:
        out.append(
            Finding(
                "info",
                "outside_window",
                f"{outside_n} rows have {date_col} outside the cycle "
                f"({cycle.cycle.start} to {cycle.cycle.end})",
                "they count only where a KPI looks back (backlog); widen the cycle to include them",
                source=sid,
                column=date_col,
                count=outside_n,
            )
        )
    return out


def _duplicates(ids: pl.Series) -> int:
    """Rows repeating an id already seen (ids kept as strings: something else reads them).
    Large columns: sorting 32 bits of their hashes finds candidate repeats several times faster
    than hashing millions of strings into a set; the rare ids sharing 32 bits by chance are
    among the candidates, which are then compared as strings, so the count is exact."""
    # A wrapping cast keeps the low 32 bits for free (an integer division by 2**32: 0.08 s).
    return _repeats(ids, lambda part: part.hash(ID_HASH_SEED).cast(pl.UInt32, wrap_numerical=True))


# The 64-bit hash of each ticket_id, computed while the file is read when nothing but the
# duplicate check reads the ids: 8 bytes a row instead of the strings (at 10M tickets 0.08 GB
# instead of about 0.25 GB, at the engine's peak). Two different ids count as one only if their
# 64-bit hashes are equal: for n ids the chance of any such pair is about n^2 / 2^65 (3 in a
# million at 10M rows), which docs/compute-json.md states.
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
    made (at 10M rows 0.08 GB less at the engine's peak)."""
    if values.len() < NUMPY_SORT_FROM and "numpy" not in sys.modules:
        return values.len() - values.n_unique()
    parts = _slices(values)
    repeated = _repeated([low_of(part) for part in parts], values.len())
    if repeated.len() == 0:
        return 0
    wanted = repeated.implode()
    suspects = pl.concat([part.filter(low_of(part).is_in(wanted)) for part in parts])
    return suspects.len() - suspects.n_unique()


# From here numpy's sort pays for importing numpy (0.03-0.07 s and 12 MB the first time).
NUMPY_SORT_FROM = 5_000_000


def _repeated(lows: Sequence[pl.Series], total: int) -> pl.Series:
    """The values found more than once in ``lows`` (UInt32 slices, no nulls, ``total`` values
    in all), each once. numpy sorts 32-bit integers with SIMD, 4-5x faster than polars (10M:
    0.05 s, not 0.24 s), here in place in the one array the slices are copied into."""
    import numpy as np

    flat = np.empty(total, dtype=np.uint32)
    start = 0
    for low in lows:
        flat[start : start + low.len()] = low.to_numpy()
        start += low.len()
    flat.sort()
    return pl.Series("repeated", np.unique(flat[1:][flat[1:] == flat[:-1]]))


def period_findings(
    source: Source,
    periods: tuple[Period, ...],
    counts: dict[date, int],
    today: date,
    last_data: date | None,
    cycle_end: date | None = None,
    first_data: date | None = None,
) -> tuple[list[Finding], set[str]]:
    """Empty periods, periods not started or not over yet, a last period that runs past the
    cycle's end (``cycle_end``: its last day), periods outside the data's dates
    (``first_data``, ``last_data``), a volume collapse. Returns findings and the labels of
    incomplete periods."""
    out: list[Finding] = []
    incomplete: set[str] = set()
    sid = source.id
    # A period wholly outside the export's dates was not measured: a count of 0 there would read
    # as "fell to 0" (outages are different: no outage rows is good news).
    measured = source.kind != "outages"
    # (A period not over yet says so instead, below: that is why it has no data.)
    after_end = [
        p
        for p in periods
        if measured and last_data is not None and last_data < p.start and p.end <= today
    ]
    before_start = [
        p for p in periods if measured and first_data is not None and p.end <= first_data
    ]
    for group, code, verb, relation, when, export in (
        (after_end, "after_data_end", "start", "after the data ends", last_data, "stops before"),
        (before_start, "before_data_start", "end", "before the data starts", first_data,
         "starts after"),
    ):  # fmt: skip
        if not group:
            continue
        incomplete.update(p.label for p in group)
        one = len(group) == 1
        listed = ", ".join(p.label for p in group[:6]) + (" ..." if len(group) > 6 else "")
        subject = f"{group[0].label} {verb}s" if one else f"{len(group)} periods {verb}"
        out.append(
            Finding(
                "warning",
                code,
                f"{subject} {relation} on {when}" + ("" if one else f": {listed}"),
                f"the export {export} the cycle does: not measured, so marked incomplete and"
                " left out of the analysis; re-export the full window or move the cycle's dates",
                source=sid,
                period=group[0].label if one else None,
                count=len(group),
            )
        )
    for p in periods:
        if p.label in incomplete:
            continue
        if p.start > today:
            incomplete.add(p.label)
            out.append(
                Finding(
                    "info",
                    "incomplete_period",
                    f"{p.label} has not started yet",
                    "it has no values until it starts; compare it only when it has ended",
                    source=sid,
                    period=p.label,
                )
            )
        elif p.end > today:
            incomplete.add(p.label)
            out.append(
                Finding(
                    "info",
                    "incomplete_period",
                    f"{p.label} is not over yet",
                    "its values are partial; compare it only when the period has ended",
                    source=sid,
                    period=p.label,
                )
            )
        elif cycle_end is not None and p.end > cycle_end + timedelta(days=1):
            # E.g. ISO week 2026-W01 (29 Dec to 4 Jan) for a cycle ending 31 Dec: the data for
            # the cycle usually stops at its end, so the week is only partly measured.
            inside = (cycle_end - p.start).days + 1
            incomplete.add(p.label)
            out.append(
                Finding(
                    "info",
                    "cycle_end_cuts_period",
                    f"{p.label} runs to {p.end - timedelta(days=1)}, past the cycle's end "
                    f"({cycle_end}): only {inside} of its {(p.end - p.start).days} days are in "
                    "the cycle",
                    "its values may be partial; end the cycle on a period boundary to compare it",
                    source=sid,
                    period=p.label,
                )
            )
        elif (
            source.kind == "tickets"
            and last_data is not None
            and p.start <= last_data < p.end - timedelta(days=1)
        ):
            incomplete.add(p.label)
            out.append(
                Finding(
                    "warning",
                    "cut_off_period",
                    f"{p.label}: the data stops on {last_data}, before the period ends",
                    "the export looks cut off; re-export the full period",
                    source=sid,
                    period=p.label,
                )
            )
    if source.kind == "outages":
        # A period without outages is good news, not missing data.
        return out, incomplete
    empty = [p.label for p in periods if not counts.get(p.start) and p.label not in incomplete]
    if empty:
        shown = ", ".join(empty[:6]) + (" ..." if len(empty) > 6 else "")
        out.append(
            Finding(
                "warning",
                "empty_periods",
                f"{len(empty)} periods have no rows: {shown}",
                "check the cycle's dates against the data, or a gap in the export",
                source=sid,
                count=len(empty),
            )
        )
    full = [counts.get(p.start, 0) for p in periods if p.label not in incomplete]
    if source.kind == "tickets" and len(full) >= 4:
        last, before = full[-1], full[:-1]
        typical = median(before)
        if typical > 0 and last < COLLAPSE_RATIO * typical:
            label = [p.label for p in periods if p.label not in incomplete][-1]
            incomplete.add(label)
            out.append(
                Finding(
                    "warning",
                    "volume_collapse",
                    f"{label} has {last} rows against a typical {typical:g}",
                    "the export may be cut off; the period is marked incomplete",
                    source=sid,
                    period=label,
                    count=last,
                )
            )
    return out, incomplete
