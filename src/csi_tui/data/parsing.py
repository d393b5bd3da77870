"""Turning text columns into typed ones: datetimes (explicit, guessed, epoch), booleans, numbers.

Datetime formats are guessed once from a sample of the file and then applied with an explicit
format: polars parses an explicit format several times faster than when it infers per value.
Every datetime ends up time-zone aware in the cycle's zone, so periods follow its calendar.
"""

from __future__ import annotations

import polars as pl

ISO_FORMATS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S%#z",
    "%Y-%m-%dT%H:%M:%S%.f%#z",
    "%Y-%m-%d %H:%M:%S%#z",
    "%Y-%m-%d %H:%M:%S%.f%#z",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
)
DAY_FIRST: tuple[str, ...] = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
)
MONTH_FIRST: tuple[str, ...] = (
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y",
)

DEFAULT_TRUE = ("true", "yes", "y", "t", "1")
DEFAULT_FALSE = ("false", "no", "n", "f", "0")


def candidate_formats(dayfirst: bool) -> tuple[str, ...]:
    return ISO_FORMATS + (DAY_FIRST + MONTH_FIRST if dayfirst else MONTH_FIRST + DAY_FIRST)


def guess_format(sample: pl.Series, dayfirst: bool) -> str | None:
    """The candidate format that parses the most sample values; None when none parses any."""
    values = sample.drop_nulls().cast(pl.String).str.strip_chars()
    if values.len() == 0:
        return None
    best, best_ok = None, 0
    for fmt in candidate_formats(dayfirst):
        ok = int(values.str.to_datetime(fmt, strict=False, time_unit="us").is_not_null().sum())
        if ok > best_ok:
            best, best_ok = fmt, ok
            if ok == values.len():
                break
    return best


def datetime_expr(
    name: str, dtype: pl.DataType, fmt: str | None, naive_zone: str, target_zone: str
) -> pl.Expr:
    """Parse column ``name`` (of raw type ``dtype``) into a Datetime in ``target_zone``.

    ``fmt``: a strftime format, ``epoch_s`` / ``epoch_ms``, or None (already typed). Naive values
    are read as wall-clock time in ``naive_zone``.
    """
    col = pl.col(name)
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:
            return col.dt.cast_time_unit("us").dt.convert_time_zone(target_zone)
        return _localise(col.dt.cast_time_unit("us"), naive_zone, target_zone)
    if isinstance(dtype, pl.Date):
        return _localise(col.cast(pl.Datetime("us")), naive_zone, target_zone)
    if fmt in ("epoch_s", "epoch_ms"):
        number = col.cast(pl.Float64, strict=False) if dtype == pl.String else col
        whole = number.cast(pl.Int64, strict=False)
        epoch = (
            pl.from_epoch(whole, time_unit="s")
            if fmt == "epoch_s"
            else pl.from_epoch(whole, time_unit="ms")
        )
        utc: pl.Expr = epoch.dt.cast_time_unit("us").dt.replace_time_zone("UTC")
        return utc.dt.convert_time_zone(target_zone)
    if fmt is None:
        return pl.lit(None, dtype=pl.Datetime("us", target_zone))
    text = col.cast(pl.String).str.strip_chars()
    parsed = text.str.to_datetime(fmt, strict=False, time_unit="us")
    if "%z" in fmt or "%#z" in fmt or "%:z" in fmt:
        return parsed.dt.convert_time_zone(target_zone)
    return _localise(parsed, naive_zone, target_zone)


def _localise(expr: pl.Expr, naive_zone: str, target_zone: str) -> pl.Expr:
    # Ambiguous wall-clock times (the repeated hour in autumn) take the earlier instant; times
    # skipped in spring do not exist and become null (counted as unparseable).
    local = expr.dt.replace_time_zone(naive_zone, ambiguous="earliest", non_existent="null")
    return local.dt.convert_time_zone(target_zone)


def bool_expr(
    name: str, dtype: pl.DataType, true_values: tuple[str, ...], false_values: tuple[str, ...]
) -> pl.Expr:
    """Booleans from any spelling; anything else becomes null (and is reported)."""
    col = pl.col(name)
    if dtype == pl.Boolean:
        return col
    if dtype.is_numeric():
        return col != 0
    # Matching a few spellings of each word directly is ten times faster than lower-casing and
    # stripping every value of a large column first.
    trues = _spellings((*DEFAULT_TRUE, *true_values))
    falses = _spellings((*DEFAULT_FALSE, *false_values))
    text = col.cast(pl.String)
    return (
        pl.when(text.is_in(trues))
        .then(pl.lit(True))
        .when(text.is_in(falses))
        .then(pl.lit(False))
        .otherwise(pl.lit(None, dtype=pl.Boolean))
    )


def _spellings(words: tuple[str, ...]) -> list[str]:
    """Each word as given, lower case, upper case and capitalised."""
    out: set[str] = set()
    for word in words:
        out.update((word, word.lower(), word.upper(), word.capitalize(), word.title()))
    return sorted(out)


def number_expr(name: str, dtype: pl.DataType, integer: bool) -> pl.Expr:
    col = pl.col(name)
    target = pl.Int64 if integer else pl.Float64
    if dtype == pl.String:
        col = col.str.strip_chars()
        if integer:
            # "2.0" from spreadsheets is still a count of 2.
            return col.cast(pl.Float64, strict=False).cast(pl.Int64, strict=False)
    return col.cast(target, strict=False)
