"""Turn a built plotext figure into Rich Text without the ANSI round trip.

textual-plotext renders with ``Text.from_ansi(figure.build())``: plotext writes every cell's
colours as ANSI codes and Rich parses them back, which costs more than drawing the chart (about
10 ms of a 15 ms redraw at 120x40). Reading plotext's cell matrix directly and giving Rich one
styled run per stretch of equal colours does the same in about 2 ms. It touches plotext's
internals (``monitor.matrix``), pinned by ``plotext>=5.3.2,<6``; ``plot_text`` returns None when
they are not as expected, and the caller falls back to the ANSI path.
"""

from __future__ import annotations

from typing import Any

from plotext import _utility as ut
from rich.style import Style
from rich.text import Text

_STYLES: dict[tuple[Any, Any, Any], Style] = {}


def _style(fg: Any, style: Any, bg: Any) -> Style:
    key = (fg, style, bg)
    cached = _STYLES.get(key)
    if cached is not None:
        return cached
    # Once per colour combination: let Rich read plotext's own ANSI codes for it.
    parsed = Text.from_ansi(ut.colors_to_ansi(fg, style, bg) + "x")
    found = parsed.spans[0].style if parsed.spans else Style()
    result = Style.parse(found) if isinstance(found, str) else found
    _STYLES[key] = result
    return result


def plot_text(figure: Any) -> Text | None:
    """Build ``figure`` (plotsize already set) and return it as Text; None if plotext changed."""
    try:
        figure._set_sizes()
        figure._build_matrix()
        matrix = figure.monitor.matrix
        markers, fgs, styles, bgs = (
            matrix.marker,
            matrix.fullground,
            matrix.style,
            matrix.background,
        )
        rows, cols = matrix.rows, matrix.cols
    except AttributeError:
        return None
    text = Text(no_wrap=True, overflow="crop", end="")
    append = text.append
    for row in range(rows - 1, -1, -1):  # plotext's row 0 is the bottom
        marker, fg, st, bg = markers[row], fgs[row], styles[row], bgs[row]
        start = 0
        for col in range(1, cols + 1):
            if col == cols or fg[col] != fg[start] or st[col] != st[start] or bg[col] != bg[start]:
                append("".join(marker[start:col]), _style(fg[start], st[start], bg[start]))
                start = col
        if row:
            append("\n")
    return text
