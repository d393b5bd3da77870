"""Numbers in words: values with units, p-values, percentages. Used by verdicts and panels."""

from __future__ import annotations

import math

# Units that count things: an integer-valued count reads as a whole number at any size ("9
# tickets" beside "14 tickets", not "9.00 tickets"); a fractional one (an average) keeps decimals.
COUNT_UNITS = frozenset(
    {"ticket", "tickets", "incident", "incidents", "request", "requests", "problem", "problems",
     "change", "changes", "outage", "outages", "call", "calls", "case", "cases", "item", "items",
     "event", "events", "alert", "alerts", "breach", "breaches", "count"}
)  # fmt: skip
TIME_UNITS = frozenset({"h", "hours", "min", "d", "days"})
MAX_DECIMALS = 9  # below this a value shows as zero


def value(v: float | None, unit: str = "") -> str:
    """A value with its unit and a sensible number of decimals: 6.1 h, 94.2 %, 214, 0.04 h."""
    if v is None or not math.isfinite(v):
        return "n/a"
    return _with_unit(_number(v, unit), unit)


def bound(v: float, unit: str = "") -> str:
    """A natural bound as people say it: 0 h, 100%."""
    return _with_unit(f"{v:g}", unit)


def _with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    return f"{text} {unit}" if unit != "%" else f"{text}%"


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
    text = f"{v:.1f}"
    # availability is counted in nines: 99.99% must not round up to read as 100%
    decimals = 1
    while abs(v) != 100 and float(text) in (100.0, -100.0) and decimals < 6:
        decimals += 1
        text = f"{v:.{decimals}f}"
    return text


def signed(v: float | None, unit: str = "") -> str:
    """A difference with its sign: "-3.1 h", "+0.5%"; one that shows as zero has none: "0.0 h"."""
    if v is None or not math.isfinite(v):
        return "n/a"
    text = _number(abs(v), unit)
    if not any(ch in "123456789" for ch in text):
        return _with_unit(text, unit)
    return _with_unit(f"-{text}" if v < 0 else f"+{text}", unit)


def p_value(p: float | None) -> str:
    if p is None or not math.isfinite(p):
        return "p n/a"
    if p < 0.001:
        return "p < 0.001"
    if p < 0.01:
        return f"p = {p:.3f}"
    return f"p = {p:.2f}"


def percent(share: float | None) -> str:
    if share is None or not math.isfinite(share):
        return "n/a"
    return f"{share * 100:.0f}%"
