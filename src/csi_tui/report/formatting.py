"""Text cells: a name clipped to its column, with its unit. Numbers are formatted by
``csi_tui.analysis.fmt``, the package's one number formatter."""

from __future__ import annotations


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
