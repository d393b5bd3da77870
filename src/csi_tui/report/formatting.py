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


def row_decimals(values: list[float]) -> int:
    """One number of decimals for a whole row, so a column of values lines up and reads evenly."""
    finite = [abs(v) for v in values if not math.isnan(v)]
    if not finite or all(float(v).is_integer() for v in finite) or max(finite) >= 100:
        return 0
    return 1 if max(finite) >= 1 else 2


def fmt_fixed(value: float | None, decimals: int) -> str:
    if value is None or math.isnan(value):
        return "-"
    return f"{value:,.{decimals}f}"


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def name_with_unit(name: str, unit: str, width: int) -> str:
    """ "First-assignme… (%)": a short unit (h, %, ms) always shows and the name gives way; a word
    unit ("tickets", "points") gives way to the name when both do not fit, since the name then
    says what is counted ("Open incidents at month end") and a clipped name says nothing."""
    if not unit:
        return clip(name, width)
    suffix = f" ({unit})"
    if len(unit) > 3 and len(name) + len(suffix) > width:
        return clip(name, width)
    return clip(name, max(4, width - len(suffix))) + suffix
