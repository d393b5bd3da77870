"""A seeded, numpy-vectorised ServiceNow-style incident export.

Realistic enough that every step of a cycle has something to show: weekday and seasonal volume,
lognormal resolution times by priority, SLA breaches against per-priority SLA hours, reassignments
and reopens, tickets still open at export time, and a few data-quality wrinkles (duplicate numbers,
resolved before opened, missing categories). Email P1/P2 incidents get faster from
``EMAIL_CHANGE`` (the open cycle's improvement) and Email tickets are reassigned less from
``EMAIL_ROUTING_CHANGE`` (the closed cycle's improvement).

Rows are produced in chunks of whole days so ten million rows fit in a few GB; ticket numbers
grow with the opening time across chunks, as in a real instance.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import numpy as np
import numpy.typing as npt
import polars as pl

from csi_tui.sample import catalogue as cat

# The column order of the export; names are ServiceNow field names (a list view exported as CSV).
COLUMNS: tuple[str, ...] = (
    "number",
    "opened_at",
    "resolved_at",
    "closed_at",
    "state",
    "priority",
    "business_service",
    "category",
    "assignment_group",
    "contact_type",
    "reassignment_count",
    "reopen_count",
    "made_sla",
    "escalation",
    "major_incident_state",
)
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # how ServiceNow writes datetimes in a CSV export
FIRST_NUMBER = 10001  # INC0010001 is the first incident of a fresh instance
DEFAULT_CHUNK_ROWS = 500_000

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_DAY_S = 86_400
_HOUR_S = 3_600


def _epoch_day(value: date) -> int:
    return (value - date(1970, 1, 1)).days


def _epoch_seconds(value: datetime) -> int:
    return int((value - datetime(1970, 1, 1)).total_seconds())


def day_weights(start: date, end: date) -> tuple[IntArray, FloatArray]:
    """Days (since 1970-01-01) from start to end inclusive, and their relative ticket volume.

    Weekdays are busy and weekends quiet; January and September peak, August and the year-end
    holidays dip; volume grows about 6% a year.
    """
    days = np.arange(_epoch_day(start), _epoch_day(end) + 1, dtype=np.int64)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    by_weekday = np.array([1.18, 1.10, 1.05, 1.00, 0.88, 0.22, 0.18])[weekday]
    as_dates = days.astype("datetime64[D]")
    month = as_dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day_of_month = (as_dates - as_dates.astype("datetime64[M]")).astype(np.int64) + 1
    by_month = np.array([1.12, 1.05, 1.02, 0.98, 0.97, 0.95, 0.92, 0.82, 1.10, 1.05, 1.02, 0.93])[
        month - 1
    ]
    holidays = ((month == 12) & (day_of_month >= 22)) | ((month == 1) & (day_of_month <= 2))
    by_holiday = np.where(holidays, 0.45, 1.0)
    growth = 1.0 + 0.06 * (days - days[0]) / 365.25
    weights = by_weekday * by_month * by_holiday * growth
    return days, weights / weights.sum()


def _pick_rows(rng: np.random.Generator, probabilities: FloatArray) -> IntArray:
    """One categorical draw per row, each row with its own probabilities (n x k)."""
    cumulative = np.cumsum(probabilities, axis=1)
    u: FloatArray = rng.random((probabilities.shape[0], 1)) * cumulative[:, -1:]
    picked: IntArray = np.minimum((u > cumulative).sum(axis=1), probabilities.shape[1] - 1)
    return picked.astype(np.int64)


def _labels(names: tuple[str, ...], codes: IntArray) -> pl.Series:
    return pl.Series(names, dtype=pl.String).gather(pl.Series(codes))


def _datetimes(seconds: IntArray, missing: BoolArray) -> pl.Series:
    series = pl.Series(seconds * 1_000_000).cast(pl.Datetime("us"))
    return pl.select(
        pl.when(pl.Series(missing)).then(None).otherwise(series).alias("x")
    ).to_series()


def _chunk(
    rng: np.random.Generator,
    days: IntArray,
    counts: IntArray,
    first_number: int,
    export_at: datetime,
) -> pl.DataFrame:
    """All tickets opened on ``days`` (``counts`` each), numbered from ``first_number``."""
    n = int(counts.sum())
    export_s = _epoch_seconds(export_at)

    # When tickets are opened: mostly office hours, the rest around the clock.
    day = np.repeat(days, counts)
    office = rng.random(n) < 0.75
    hour = np.where(office, np.clip(rng.normal(11.5, 2.6, n), 6.5, 19.5), rng.uniform(0, 24, n))
    opened_s = np.sort(day * _DAY_S + (hour * _HOUR_S).astype(np.int64))
    opened_s = np.minimum(opened_s, export_s - 60)

    service = rng.choice(len(cat.SERVICES), size=n, p=np.array(cat.SERVICE_SHARE))
    priority = _pick_rows(rng, np.array(cat.PRIORITY_MIX)[service])
    category = _pick_rows(rng, np.array(cat.CATEGORY_MIX)[service])
    contact = rng.choice(len(cat.CONTACT_TYPES), size=n, p=np.array(cat.CONTACT_MIX))
    contact = np.where((priority == 0) & (rng.random(n) < 0.4), 4, contact)  # P1s: monitoring

    # Routing: resolved by the first group, or reassigned one or more times.
    email = service == cat.SERVICES.index("Email")
    routed = opened_s >= _epoch_day(cat.EMAIL_ROUTING_CHANGE) * _DAY_S
    first_fix_p = np.array(cat.FIRST_ASSIGNMENT_FIX)[service]
    first_fix_p = np.where(email & routed, cat.EMAIL_FIRST_FIX_AFTER_ROUTING, first_fix_p)
    first_fix = rng.random(n) < first_fix_p
    reassignments = np.where(first_fix, 0, rng.geometric(0.65, n)).astype(np.int64)
    group_names = (cat.SERVICE_DESK, *sorted({g for gs in cat.RESOLVER_GROUPS for g in gs}))
    resolver_index = np.array([[group_names.index(g) for g in gs] for gs in cat.RESOLVER_GROUPS])
    resolver = resolver_index[service, rng.integers(0, 2, n)]
    at_desk = first_fix & (rng.random(n) < 0.7)
    group = np.where(at_desk, 0, resolver)

    # Resolution time: lognormal by priority, slower services, each reassignment costs a third
    # more; Email P1/P2 are faster after the change.
    log_hours = (
        np.log(np.array(cat.RESOLVE_MEDIAN_H))[priority]
        + np.array(cat.RESOLVE_SIGMA)[priority] * rng.standard_normal(n)
        + np.log(np.array(cat.SERVICE_SLOWNESS))[service]
        + reassignments * np.log(1.35)
    )
    improved = email & (priority <= 1) & (opened_s >= _epoch_day(cat.EMAIL_CHANGE) * _DAY_S)
    log_hours = log_hours + np.where(improved, np.log(cat.EMAIL_P1P2_FACTOR), 0.0)
    hours = np.maximum(np.exp(log_hours), 0.05)
    reopens = np.where(rng.random(n) < 0.035, 1 + (rng.random(n) < 0.12), 0).astype(np.int64)
    hours = hours + reopens * rng.lognormal(np.log(30.0), 0.7, n)
    resolved_s = opened_s + (hours * _HOUR_S).astype(np.int64)

    sla_h = np.array(cat.SLA_HOURS)[priority]
    breached = hours > sla_h
    paused = rng.random(n) < 0.04  # an On Hold clock pause kept the SLA despite the hours
    made_sla = ~breached | paused

    cancelled = rng.random(n) < 0.004
    still_open = (resolved_s > export_s) & ~cancelled
    resolved_missing = still_open | cancelled
    auto_close = rng.random(n) < 0.55  # closed by the 7-day auto-close, else by the caller
    closed_s = np.where(
        auto_close,
        resolved_s + 7 * _DAY_S,
        resolved_s + (rng.lognormal(np.log(18.0), 1.0, n) * _HOUR_S).astype(np.int64),
    )
    closed_s = np.where(
        cancelled, opened_s + (rng.uniform(0.2, 30.0, n) * _HOUR_S).astype(np.int64), closed_s
    )
    closed_missing = still_open | (~cancelled & (closed_s > export_s))
    open_over_sla = still_open & ((export_s - opened_s) > sla_h * _HOUR_S)
    made_sla = np.where(still_open, ~open_over_sla, made_sla) | cancelled

    states = ("New", "In Progress", "On Hold", "Resolved", "Closed", "Canceled")
    state = np.where(closed_missing, 3, 4)
    waiting = np.where(rng.random(n) < 0.3, 2, 1)
    state = np.where(still_open, np.where(export_s - opened_s < 2 * _HOUR_S, 0, waiting), state)
    state = np.where(cancelled, 5, state)

    u = rng.random(n)
    escalation = np.where(breached & (priority <= 1) & (u < 0.5), 3, 0)
    escalation = np.where((escalation == 0) & (priority == 0) & (u > 0.65), 2, escalation)
    escalation = np.where((escalation == 0) & (rng.random(n) < 0.02), 1, escalation)
    major_u = rng.random(n)
    major = np.where(priority == 0, np.where(major_u < 0.22, 1, np.where(major_u < 0.28, 2, 0)), 0)

    # Data-quality wrinkles for step 3: the Email monitoring integration writing some times in the
    # wrong zone (resolved before opened), categories left empty, and rows exported twice
    # (duplicate numbers, below).
    resolved_rows = np.flatnonzero(~resolved_missing & email)
    wrong_clock = rng.choice(resolved_rows, size=min(n // 7000, resolved_rows.size), replace=False)
    resolved_s[wrong_clock] = opened_s[wrong_clock] - rng.integers(1, 9, wrong_clock.size) * _HOUR_S
    no_category = rng.random(n) < 0.01

    frame = pl.DataFrame(
        {
            "number": pl.Series(np.arange(first_number, first_number + n, dtype=np.int64))
            .cast(pl.String)
            .str.zfill(7),
            "opened_at": _datetimes(opened_s, np.zeros(n, dtype=np.bool_)),
            "resolved_at": _datetimes(resolved_s, resolved_missing),
            "closed_at": _datetimes(closed_s, closed_missing),
            "state": _labels(states, state),
            "priority": _labels(cat.PRIORITIES, priority),
            "business_service": _labels(cat.SERVICES, service),
            "category": _labels(cat.CATEGORIES, category),
            "assignment_group": _labels(group_names, group),
            "contact_type": _labels(cat.CONTACT_TYPES, contact),
            "reassignment_count": reassignments,
            "reopen_count": reopens,
            "made_sla": made_sla,
            "escalation": _labels(cat.ESCALATIONS, escalation),
            "major_incident_state": _labels(("", "accepted", "rejected"), major),
        }
    ).with_columns(
        pl.concat_str(pl.lit("INC"), pl.col("number")).alias("number"),
        pl.when(pl.Series(no_category)).then(None).otherwise(pl.col("category")).alias("category"),
        pl.col("major_incident_state").replace("", None),
    )
    take = np.arange(n, dtype=np.int64)
    if n > 1:
        twice = rng.choice(n - 1, size=min(n // 2800, n - 1), replace=False)
        take[twice + 1] = twice
    return frame.select(pl.all().gather(pl.Series(take)))


def incident_chunks(
    rows: int,
    *,
    seed: int = cat.SEED,
    start: date = cat.START,
    end: date = cat.END,
    export_at: datetime = cat.EXPORT_AT,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> Iterator[pl.DataFrame]:
    """``rows`` incidents in chunks of whole days, oldest first. Same arguments, same frames."""
    if rows < 0:
        raise ValueError(f"rows must be 0 or more, not {rows}")
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    days, weights = day_weights(start, end)
    counts = np.random.default_rng([seed, 0]).multinomial(rows, weights).astype(np.int64)
    # Cut the day list where the running total passes a multiple of chunk_rows.
    chunk_of_day = (np.cumsum(counts) - counts) // max(chunk_rows, 1)
    first = FIRST_NUMBER
    for index, chunk in enumerate(np.unique(chunk_of_day)):
        in_chunk = chunk_of_day == chunk
        if counts[in_chunk].sum() == 0:
            continue
        rng = np.random.default_rng([seed, 1, index])
        yield _chunk(rng, days[in_chunk], counts[in_chunk], first, export_at)
        first += int(counts[in_chunk].sum())


def generate_incidents(
    rows: int,
    *,
    seed: int = cat.SEED,
    start: date = cat.START,
    end: date = cat.END,
    export_at: datetime = cat.EXPORT_AT,
) -> pl.DataFrame:
    """``rows`` incidents as one frame (for the sample workspace and tests)."""
    frames = list(incident_chunks(rows, seed=seed, start=start, end=end, export_at=export_at))
    if not frames:
        return _chunk(
            np.random.default_rng(seed), np.zeros(0, np.int64), np.zeros(0, np.int64), 1, export_at
        )
    return pl.concat(frames)
