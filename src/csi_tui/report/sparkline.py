"""A one-line sparkline made of block characters, for scorecard cells, minutes and reports."""

from __future__ import annotations

import math
from collections.abc import Sequence

BLOCKS = "▁▂▃▄▅▆▇█"


def _bucket_means(values: Sequence[float | None], width: int) -> list[float | None]:
    """Average consecutive values into at most ``width`` buckets (missing values skipped)."""
    if len(values) <= width:
        return list(values)
    out: list[float | None] = []
    for i in range(width):
        lo, hi = i * len(values) // width, (i + 1) * len(values) // width
        chunk = [v for v in values[lo:hi] if v is not None and not math.isnan(v)]
        out.append(sum(chunk) / len(chunk) if chunk else None)
    return out


def sparkline_text(values: Sequence[float | None], width: int = 12) -> str:
    """``[0, 7, 3]`` -> ``"▁█▄"``; a missing value is a space; a flat series sits mid-height."""
    points = _bucket_means(values, max(1, width))
    known = [v for v in points if v is not None and not math.isnan(v)]
    if not known:
        return ""
    lo, hi = min(known), max(known)
    top = len(BLOCKS) - 1
    chars = []
    for v in points:
        if v is None or math.isnan(v):
            chars.append(" ")
        elif hi == lo:
            chars.append(BLOCKS[top // 2])
        else:
            chars.append(BLOCKS[round((v - lo) / (hi - lo) * top)])
    return "".join(chars)
