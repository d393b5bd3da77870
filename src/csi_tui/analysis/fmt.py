"""The package's one number formatter: values with units, changes, p-values, shares, table cells.

Verdicts, the report, the compute output and every screen go through here, so a number reads the
same wherever it appears. Two named styles:

- ``"full"`` (the default): sentences, reports and any cell with room. Counts are whole numbers
  with thousands separators ("12,345 tickets"); durations and percentages keep one decimal.
- ``"compact"``: narrow table cells and chart labels. Numbers from 10,000 up are abbreviated
  ("12.3k", "4.5M"), whole numbers lose their decimals ("6"), others keep one (two significant
  digits below 1).

A value that is missing, NaN or infinite reads as ``MISSING`` in every style.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

Style = Literal["full", "compact"]

# One word for "no number here": a word, not a dash, so it is never read as a minus sign or a
# zero beside negative changes, and the same word the sentences already used ("p n/a").
MISSING = "n/a"

# Units that count things: an integer-valued count reads as a whole number at any size ("9
# tickets" beside "14 tickets", not "9.00 tickets"); a fractional one (an average) keeps decimals.
COUNT_UNITS = frozenset(
    {"ticket", "tickets", "incident", "incidents", "request", "requests", "problem", "problems",
     "change", "changes", "outage", "outages", "call", "calls", "case", "cases", "item", "items",
     "event", "events", "alert", "alerts", "breach", "breaches", "count"}
)  # fmt: skip
TIME_UNITS = frozenset({"h", "hours", "min", "d", "days"})
MAX_DECIMALS = 9  # below this a value shows as zero
MAX_NINES = 6  # decimals a percentage may grow to so that 99.99...% never reads as 100%
COMPACT_FROM = 10_000  # the compact style abbreviates from here on
_SUFFIXES = ((1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T"))


def finite(v: float | None) -> float | None:
    """The value as a float, or None when it is missing, NaN or infinite: the one test of
    "is there a number" for the analysis, the JSON writers and the formatter."""
    if v is None or not math.isfinite(v):
        return None
    return float(v)


def value(v: float | None, unit: str = "", style: Style = "full", *, with_unit: bool = True) -> str:
    """A value with its unit: "6.1 h", "94.2%", "214", "0.04 h"; compact: "12.3k tickets".
    ``with_unit=False`` keeps the digits the unit calls for without writing it (a column whose
    header names the unit)."""
    x = finite(v)
    if x is None:
        return MISSING
    digits = _number(x, unit) if style == "full" else _compact(x, unit)
    return _with_unit(digits, unit) if with_unit else digits


def number(v: float | None, unit: str = "", style: Style = "full") -> str:
    """The digits of ``value`` alone: "6.1" for 6.14 h, "99.99" for 99.99%."""
    return value(v, unit, style, with_unit=False)


def signed(
    v: float | None, unit: str = "", style: Style = "full", *, with_unit: bool = True
) -> str:
    """A difference with its sign: "-3.1 h", "+0.5%"; one that shows as zero has none: "0.0 h"."""
    x = finite(v)
    if x is None:
        return MISSING
    text = number(abs(x), unit, style)
    if _reads_as_zero(text):
        return _with_unit(text, unit) if with_unit else text
    text = f"-{text}" if x < 0 else f"+{text}"
    return _with_unit(text, unit) if with_unit else text


def change(v: float | None, unit: str, base: float | None = None, style: Style = "full") -> str:
    """A change since a base, signed, with the relative change when the base is known:
    "-4.7 h (-44%)". A change of a percentage is in points: "+6.2 pt"."""
    text = signed(v, unit, style, with_unit=False)
    if text == MISSING:
        return text
    points = unit.strip() == "%"
    text = _with_unit(text, "pt" if points else unit)
    b, x = finite(base), finite(v)
    if b and x is not None and not points and text[0] in "+-":
        text += f" ({text[0]}{abs(x) / abs(b):.0%})"
    return text


def p_value(p: float | None) -> str:
    p = finite(p)
    if p is None:
        return f"p {MISSING}"
    if p < 0.001:
        return "p < 0.001"
    if p < 0.01:
        return f"p = {p:.3f}"
    return f"p = {p:.2f}"


def percent(share: float | None) -> str:
    """A share (0.97) as a whole percentage: "97%"."""
    share = finite(share)
    if share is None:
        return MISSING
    return f"{share * 100:.0f}%"


def bound(v: float, unit: str = "") -> str:
    """A natural bound as people say it: 0 h, 100%."""
    return _with_unit(f"{v:g}", unit)


def row_decimals(values: Iterable[float | None], unit: str = "") -> int:
    """One number of decimals for a whole table row, so its values line up and read evenly; a
    row of percentages gets as many as it takes for 99.99% not to read as 100%."""
    present = [abs(x) for x in (finite(v) for v in values) if x is not None]
    if not present or all(x.is_integer() for x in present):
        return 0
    decimals = 0 if max(present) >= 100 else 1 if max(present) >= 1 else 2
    if unit.strip() == "%":
        while decimals < MAX_NINES and any(
            x != 100 and float(f"{x:.{decimals}f}") == 100 for x in present
        ):
            decimals += 1
    return decimals


def fixed(v: float | None, decimals: int) -> str:
    """A table cell with a fixed number of decimals (see ``row_decimals``): "1,234.5"."""
    x = finite(v)
    if x is None:
        return MISSING
    text = f"{x:,.{decimals}f}"
    return text.lstrip("-") if _reads_as_zero(text) else text


def _with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    return f"{text} {unit}" if unit != "%" else f"{text}%"


def _reads_as_zero(text: str) -> bool:
    return not any(ch in "123456789" for ch in text)


def _number(v: float, unit: str) -> str:
    v = v + 0.0  # -0.0 reads as 0
    size = abs(v)
    if unit.strip().lower() in COUNT_UNITS and v == round(v):
        return f"{v:,.0f}"
    if unit == "%":
        return _percent(v)
    if unit in TIME_UNITS and size < 100:
        # a small slope or shift keeps two significant digits: "0.04 h", never "0.0 h"
        return _significant(v, 2, keep=1) if size < 0.1 else f"{v:.1f}"
    if size >= 100 or (v == round(v) and size >= 10):
        return f"{v:,.0f}"
    if size >= 10:
        return f"{v:.1f}"
    if size >= 1:
        return f"{v:.2f}"
    return _significant(v, 3, keep=0)


def _compact(v: float, unit: str) -> str:
    v = v + 0.0
    size = abs(v)
    if size >= COMPACT_FROM:
        return _abbreviated(v)
    if v.is_integer() or size >= 100:
        return f"{v:,.0f}"
    if unit.strip() == "%":
        text = _percent(v)
        return text.lstrip("-") if _reads_as_zero(text) else text
    if size >= 1:
        return f"{v:.1f}"
    return _significant(v, 2, keep=0)


def _abbreviated(v: float) -> str:
    """12.3k, 4.5M: one decimal at most, and never "1000.0k" where "1M" is meant."""
    for scale, suffix in _SUFFIXES:
        text = f"{abs(v) / scale:.1f}"
        if float(text) < 1000 or suffix == _SUFFIXES[-1][1]:
            text = text.removesuffix(".0")
            if float(text) >= 1000:
                text = f"{float(text):,.0f}"
            return f"{'-' if v < 0 else ''}{text}{suffix}"
    raise AssertionError("unreachable: the last suffix always returns")


def _significant(v: float, digits: int, *, keep: int) -> str:
    """``digits`` significant digits in positional notation (never "1.2e-05"), trailing zeros
    dropped down to ``keep`` decimals; a value below MAX_DECIMALS shows as zero."""
    if v == 0:
        return f"{0.0:.{keep}f}"
    decimals = digits - 1 - math.floor(math.log10(abs(v)))
    text = f"{v:.{min(MAX_DECIMALS, max(decimals, keep))}f}"
    if "." in text:
        whole, frac = text.split(".")
        frac = frac.rstrip("0").ljust(keep, "0")
        text = f"{whole}.{frac}" if frac else whole
    if float(text) == 0:
        return f"{0.0:.{keep}f}"  # not "-0.0"
    return text


def _percent(v: float) -> str:
    # A small negative share reads "-0.0" here: the analysis' sentences (and so the compute JSON)
    # have always said so, e.g. "not the computed -0.0%" for a lower limit; kept as it is.
    text = f"{v:.1f}"
    # availability is counted in nines: 99.99% must not round up to read as 100%
    decimals = 1
    while abs(v) != 100 and float(text) in (100.0, -100.0) and decimals < MAX_NINES:
        decimals += 1
        text = f"{v:.{decimals}f}"
    return text
