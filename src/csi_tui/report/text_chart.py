"""A chart in plain characters for the Markdown report: it reads in a fenced code block on any git
web view, with no images. Drawn from the same ``ChartSpec`` as the screens and the HTML charts.

Each mark has its own character, named in the legend below the chart, so nothing depends on
colour: ``*`` a value, ``o`` a value of a period not over yet, ``+``/``x`` a signal (improvement /
concern), ``-`` the target, ``=`` the baseline, ``~`` the centre line, ``.`` the control limits,
``|`` the change date.
"""

from __future__ import annotations

import math

from csi_tui.analysis import fmt
from csi_tui.report.chart_spec import ChartSpec

HEIGHT = 10  # plot rows
MAX_WIDTH = 60  # plot columns

# drawing order: later marks win a cell
_LIMIT, _CENTRE, _BASELINE, _TARGET, _CHANGE = ".", "~", "=", "-", "|"
_SIGNAL = {"improvement": "+", "concern": "x"}


def _range(spec: ChartSpec) -> tuple[float, float] | None:
    ys = [v for v in spec.values if v is not None and math.isfinite(v)]
    ys += [x for x in (spec.target, spec.baseline) if x is not None]
    for ph in spec.phases:
        ys += [x for x in (ph.centre, ph.lower, ph.upper) if x is not None]
    if not ys:
        return None
    lo, hi = min(ys), max(ys)
    if hi == lo:
        pad = abs(hi) * 0.1 or 1.0
        return lo - pad, hi + pad
    return lo, hi


def text_chart(spec: ChartSpec, height: int = HEIGHT) -> str:
    """The chart as lines of text (no trailing newline); "(no data)" when there is nothing."""
    span = _range(spec)
    n = len(spec.values)
    if span is None or n == 0:
        return f"{spec.title}: no data"
    lo, hi = span
    step = max(1, min(5, MAX_WIDTH // n))  # columns per period
    width = n * step
    grid = [[" "] * width for _ in range(height)]

    def row_of(y: float) -> int:
        return min(height - 1, max(0, round((hi - y) / (hi - lo) * (height - 1))))

    def col_of(i: int) -> int:
        return i * step + step // 2

    def hline(y: float | None, char: str, start: int = 0, end: int = width) -> None:
        if y is None:
            return
        r = row_of(y)
        for c in range(start, end):
            grid[r][c] = char

    for ph in spec.phases:
        start, end = ph.start * step, min(width, ph.end * step)
        hline(ph.upper, _LIMIT, start, end)
        hline(ph.lower, _LIMIT, start, end)
        hline(ph.centre, _CENTRE, start, end)
    hline(spec.baseline, _BASELINE)
    hline(spec.target, _TARGET)
    if spec.change_at is not None:
        c = min(width - 1, max(0, round((spec.change_at + 0.5) * step)))
        for r in range(height):
            grid[r][c] = _CHANGE
    signals = {s.index: s.kind for s in spec.signals}
    incomplete = set(spec.incomplete)
    for i, v in enumerate(spec.values):
        if v is None or not math.isfinite(v):
            continue
        mark = _SIGNAL.get(signals.get(i, ""), "o" if i in incomplete else "*")
        grid[row_of(v)][col_of(i)] = mark

    ticks = [
        fmt.number(hi - r * (hi - lo) / (height - 1), spec.unit, "compact") for r in range(height)
    ]
    pad = max(len(t) for t in ticks)
    lines = []
    for r in range(height):
        label = ticks[r] if r in (0, height // 2, height - 1) else ""
        lines.append(f"{label:>{pad}} |{''.join(grid[r])}".rstrip())
    lines.append(f"{'':>{pad}} +{'-' * width}")
    lines.append(f"{'':>{pad}}  {_x_labels(spec.labels, step, width)}".rstrip())
    lines.append(_legend(spec))
    return "\n".join(lines)


def _x_labels(labels: tuple[str, ...], step: int, width: int) -> str:
    """The first, middle and last period labels, where their points are."""
    row = [" "] * (width + 12)
    n = len(labels)
    picks = sorted({0, n // 2, n - 1}) if n > 2 else list(range(n))
    taken = -1
    for i in picks:
        text = labels[i]
        at = min(max(0, i * step + step // 2 - len(text) // 2), len(row) - len(text))
        if at <= taken:
            continue
        row[at : at + len(text)] = list(text)
        taken = at + len(text)
    return "".join(row)


def _legend(spec: ChartSpec) -> str:
    parts = ["* value"]
    if any(spec.values[i] is not None for i in spec.incomplete):
        parts.append("o period not over")
    kinds = {s.kind for s in spec.signals}
    parts += [f"{_SIGNAL[k]} signal ({k})" for k in ("improvement", "concern") if k in kinds]
    if spec.target is not None:
        parts.append(f"- target {fmt.value(spec.target, spec.unit, 'compact')}")
    if spec.baseline is not None:
        parts.append(f"= baseline {fmt.value(spec.baseline, spec.unit, 'compact')}")
    if spec.phases:
        parts.append("~ centre line, . control limits (UCL/LCL) per phase")
    if spec.change_at is not None:
        parts.append(f"| change {spec.change_label}")
    # wrapped between items, never inside one ("= baseline" must stay with its value)
    lines = ["legend:"]
    for k, part in enumerate(parts):
        text = part + ("," if k < len(parts) - 1 else "")
        if len(lines[-1]) + 1 + len(text) > 78:
            lines.append(" ")
        lines[-1] += " " + text
    return "\n".join(lines)
