"""The package's one period calendar: periods (day, ISO week, month, quarter) in the cycle's time
zone, their labels, stepping from one period to a later one, and the words for each grain.

The data engine labels periods here; the analysis and the report step and name periods from the
dates the engine hands them (``PeriodValue.start``), never by reading a label back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import MAXYEAR, UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import polars as pl

# polars truncation units; "1w" starts weeks on Monday, as ISO weeks do.
TRUNCATE_EVERY = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q"}
GRAINS = ("day", "week", "month", "quarter")
MAX_YEAR = MAXYEAR  # 9999, the last year datetime.date holds
_NOUNS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter"}
_ADJECTIVES = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly"}
_MONTHS = {"month": 1, "quarter": 3}


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date  # exclusive


def period_start(day: date, grain: str) -> date:
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    if grain == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    raise ValueError(f"unknown grain {grain!r}")


def next_start(start: date, grain: str) -> date:
    if grain == "day":
        return start + timedelta(days=1)
    if grain == "week":
        return start + timedelta(days=7)
    months = 1 if grain == "month" else 3
    month0 = start.month - 1 + months
    return date(start.year + month0 // 12, month0 % 12 + 1, 1)


def label(start: date, grain: str) -> str:
    if grain == "day":
        return start.isoformat()
    if grain == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if grain == "month":
        return f"{start.year}-{start.month:02d}"
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def shift(start: date, grain: str, steps: int) -> date | None:
    """The start of the period ``steps`` periods after the one that starts at ``start`` (before
    it when ``steps`` is negative); None when that lies outside the years 1 to MAX_YEAR."""
    if grain in ("day", "week"):
        try:
            return start + timedelta(days=steps * (7 if grain == "week" else 1))
        except OverflowError:
            return None
    if grain not in _MONTHS:
        raise ValueError(f"unknown grain {grain!r}")
    month0 = start.year * 12 + start.month - 1 + steps * _MONTHS[grain]
    if not 1 <= month0 // 12 <= MAX_YEAR:
        return None
    return date(month0 // 12, month0 % 12 + 1, 1)


def label_after(start: date, grain: str, steps: int) -> str | None:
    """The label of the period ``steps`` after the one starting at ``start``: ("2026-11-01",
    "month", 3) -> "2027-02"; None past the year MAX_YEAR."""
    later = shift(start, grain, steps)
    return None if later is None else label(later, grain)


def grain_noun(grain: str) -> str:
    """ "month": "a month", "per month"; "period" for a grain the calendar does not know."""
    return _NOUNS.get(grain, "period")


def grain_adjective(grain: str) -> str:
    """ "monthly" (periods)."""
    return _ADJECTIVES.get(grain, grain)


def periods_between(first: date, last: date, grain: str) -> tuple[Period, ...]:
    """Every period that overlaps [first, last] (both inclusive), in order."""
    out: list[Period] = []
    start = period_start(first, grain)
    while start <= last:
        end = next_start(start, grain)
        out.append(Period(label(start, grain), start, end))
        start = end
    return tuple(out)


def period_key(column: str, grain: str) -> pl.Expr:
    """The local calendar date of the period a (time-zone-aware) datetime falls in.

    The local date first, then the period: the same key as truncating the datetime, without a
    second round of time-zone arithmetic, and a period starting at a midnight that daylight
    saving skips still has one. Days, ISO weeks and months are day arithmetic on the date,
    cheaper than truncating it (bench/README.md has the figures)."""
    day = pl.col(column).dt.date()
    if grain == "day":
        return day
    if grain == "week":  # back to Monday (weekday 1)
        back = day.dt.weekday().cast(pl.Int32) - 1
    elif grain == "month":  # back to the 1st
        back = day.dt.day().cast(pl.Int32) - 1
    else:
        return day.dt.truncate(TRUNCATE_EVERY[grain])
    return (day.cast(pl.Int32) - back).cast(pl.Date)


def located_period_key(
    column: str, dtype: pl.Datetime, low: datetime, high: datetime, grain: str
) -> pl.Expr:
    """``period_key`` of an aware datetime column whose values lie in [``low``, ``high``], found
    by locating each instant among the instants its periods start at (a binary search on the
    stored values) instead of working out every row's local date, which is slow in a zone with
    daylight saving (bench/README.md)."""
    assert dtype.time_zone is not None
    zone = ZoneInfo(dtype.time_zone)
    starts = [period_start(low.astimezone(zone).date(), grain)]
    last = high.astimezone(zone).date()
    while starts[-1] < last:
        starts.append(next_start(starts[-1], grain))
    # The first instant of each start's local day: a midnight that daylight saving skips maps to
    # the moment the clocks jump, a repeated one to its first occurrence (fold=0), as dt.date does.
    utc = [datetime.combine(d, time(), zone).astimezone(UTC) for d in starts]
    instants = pl.Series(utc, dtype=pl.Datetime(dtype.time_unit, "UTC"))
    instants = instants.dt.convert_time_zone(dtype.time_zone)
    # Position 0 is where an empty value lands (nulls sort first); no value lies before ``low``.
    table = pl.Series([None, *starts], dtype=pl.Date)
    return pl.lit(table).gather(pl.lit(instants).search_sorted(pl.col(column), side="right"))


def periods_frame(periods: tuple[Period, ...]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "period": [p.label for p in periods],
            "p_start": [p.start for p in periods],
            "p_end": [p.end for p in periods],
        },
        schema={"period": pl.String, "p_start": pl.Date, "p_end": pl.Date},
    )
