"""Date-times with and without a time zone, where they meet.

Parsed columns carry the cycle's zone; polars refuses to compare them with a date-time that has
none (``TIMESTAMP '...'``, ``NOW()``, ``STRPTIME``, ``CAST ... AS TIMESTAMP``) or another zone.
Derived and typed columns get the source's zone as the parsed columns do (``zoned``); an
expression that compares the two kinds inside itself is refused before any row is read
(``check_on_empty``), in words a user can act on (``clash``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import polars as pl

from csi_tui.data import columns as cols
from csi_tui.data.parsing import datetime_expr

ZONE_HINT = (
    "the data's date-times carry the cycle's time zone; TIMESTAMP '...', NOW(), STRPTIME and "
    "CAST ... AS TIMESTAMP have none: compare with a DATE literal (resolved_at >= DATE "
    "'2026-01-01'), or make that value a derived column (it then gets the source's zone)"
)
_DATETIME = r"Datetime\('[^']*'(?:, '([^']+)')?\)"
_CLASH = re.compile(
    rf"between series '([^']*)' of dtype: {_DATETIME} and series '([^']*)' of dtype: {_DATETIME}"
)
_SUPERTYPE = re.compile(r"supertype of datetime\[[^\]]*\] and datetime\[[^\]]*\]")


def zoned(name: str, dtype: pl.DataType, naive_zone: str, zone: str) -> pl.Expr | None:
    """A column's date-times in the cycle's zone, as the parsed columns are: values without a
    zone read as wall-clock time in ``naive_zone`` (the source's), others converted. A date is
    made a date-time (midnight) only under a canonical date-time name, which the engine places
    in time. None when nothing is to be done."""
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone == zone and dtype.time_unit == "us":
            return None
    elif not (isinstance(dtype, pl.Date) and name in cols.DATETIME_COLUMNS and name != "period"):
        return None
    return datetime_expr(name, dtype, None, naive_zone, zone).alias(name)


def clash(error: BaseException) -> str | None:
    """What a polars error about date-times with and without a zone means, or None."""
    text = str(error)
    found = _CLASH.search(text)
    if found is not None:
        left, left_zone, right, right_zone = found.groups()
        if left_zone != right_zone:

            def side(name: str, zone: str | None) -> str:
                what = "a value" if name == "literal" else repr(name)
                return f"{what} ({zone or 'no time zone'})"

            return (
                "compares date-times with different time zones: "
                f"{side(left, left_zone)} with {side(right, right_zone)}"
            )
    if _SUPERTYPE.search(text):
        return "mixes date-times with and without a time zone"
    return None


def check_on_empty(schema: pl.Schema, expr: pl.Expr) -> None:
    """Evaluate ``expr`` over no rows of ``schema``: polars checks the types of a comparison
    only when it runs, so a clash would otherwise surface mid-read, far from its key."""
    pl.DataFrame(schema=schema).select(expr)


def window_bounds(
    dtype: pl.DataType, start: datetime, end: datetime
) -> tuple[datetime | date, datetime | date] | None:
    """The cycle's window ``[start, end)`` (aware, the cycle's zone) in the terms of a column of
    ``dtype``: dates for dates, wall-clock time for date-times without a zone, the column's own
    zone otherwise. None when the column holds no dates or date-times."""
    if isinstance(dtype, pl.Date):
        return start.date(), end.date()
    if not isinstance(dtype, pl.Datetime):
        return None
    if dtype.time_zone is None:
        return start.replace(tzinfo=None), end.replace(tzinfo=None)
    zone = ZoneInfo(dtype.time_zone)
    return start.astimezone(zone), end.astimezone(zone)
