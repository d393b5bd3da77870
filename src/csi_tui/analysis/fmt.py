"""Numbers in words: values with units, p-values, percentages. Used by verdicts and panels."""

from __future__ import annotations

import math


def value(v: float | None, unit: str = "") -> str:
    """A value with its unit and a sensible number of decimals: 6.1 h, 94.2 %, 214."""
    if v is None or not math.isfinite(v):
        return "n/a"
    size = abs(v)
    if unit == "%":
        text = f"{v:.1f}"
        # availability is counted in nines: 99.99% must not round up to read as 100%
        decimals = 1
        while size != 100 and float(text) in (100.0, -100.0) and decimals < 6:
            decimals += 1
            text = f"{v:.{decimals}f}"
    elif 0 < size < 100 and unit in ("h", "hours", "min", "d", "days"):
        text = f"{v:.1f}"
    elif size >= 100 or (v == round(v) and size >= 10):
        text = f"{v:,.0f}"
    elif size >= 10:
        text = f"{v:.1f}"
    elif size >= 1:
        text = f"{v:.2f}"
    else:
        text = f"{v:.3g}"
    if not unit:
        return text
    return f"{text} {unit}" if unit != "%" else f"{text}%"


def signed(v: float | None, unit: str = "") -> str:
    if v is None or not math.isfinite(v):
        return "n/a"
    text = value(abs(v), unit)
    return f"-{text}" if v < 0 else f"+{text}"


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
