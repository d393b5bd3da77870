"""Numbers as the screens show them: with their unit, short, and signed where they are changes."""

from __future__ import annotations

import math

# Units written straight after the number; any other unit gets a space ("6.1 h", "94.2%").
_TIGHT_UNITS = {"%", "‰"}


def fmt_number(value: float | None) -> str:
    """Short numbers: 0.42, 6.1, 94.2, 214, 12.3k."""
    if value is None or math.isnan(value):
        return "-"
    size = abs(value)
    if size >= 10_000:
        return f"{value / 1000:.1f}k"
    if size >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    if size >= 1:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_value(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "-"
    text = fmt_number(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit in _TIGHT_UNITS else f"{text} {unit}"


def fmt_change(change: float | None, unit: str, base: float | None = None) -> str:
    """A signed change with its unit, and the relative change when the base is known."""
    if change is None or math.isnan(change):
        return "-"
    sign = "+" if change > 0 else "-" if change < 0 else "±"
    text = f"{sign}{fmt_value(abs(change), 'pt' if unit == '%' else unit)}"
    if base and unit != "%":
        text += f" ({sign}{abs(change) / abs(base):.0%})"
    return text
