"""A ``ChartSpec`` as inline SVG for the HTML report: no script, no fonts, nothing fetched.

Colours come from CSS classes (the page's light and dark palettes), and every line differs in
its dash pattern as well, and is named in the legend: nothing relies on colour alone. The chart
carries a ``<title>`` and a ``<desc>`` in words (``aria-labelledby``) for screen readers, and
each point a ``<title>`` with its period and value (a tooltip in a browser).
"""

from __future__ import annotations

import math
from html import escape

from csi_tui.analysis import fmt
from csi_tui.report.chart_spec import ChartSpec, value_range

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 14, 86  # plot margins; the legend sits under the x axis
TICKS = 5


def _nice_ticks(lo: float, hi: float, count: int = TICKS) -> list[float]:
    """Round tick values (1, 2, 2.5, 5 x 10^k) covering lo..hi."""
    span = hi - lo
    raw = span / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(lo / step) * step
    ticks = []
    value = first
    while value <= hi + step * 0.001:
        if value >= lo - step * 0.001:
            ticks.append(round(value, 10))
        value += step
    return ticks


def _y_range(spec: ChartSpec) -> tuple[float, float] | None:
    return value_range(spec, [v for v in spec.values if v is not None])


def _value(v: float | None, spec: ChartSpec) -> str:
    """A number on or about the chart, compact as on the screen's chart: "target 7 h"."""
    return fmt.value(v, spec.unit, "compact")


def _f(x: float) -> str:
    return f"{x:.1f}"


def svg_chart(spec: ChartSpec, chart_id: str, grain: str = "period") -> str:
    """The chart as an ``<svg>`` element (a string); an empty series draws a note instead."""
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    n = len(spec.values)
    span = _y_range(spec)
    head = (
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' role="img" aria-labelledby="{title_id} {desc_id}"'
        f' xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{escape(spec.title)}</title>'
        f'<desc id="{desc_id}">{escape(describe(spec, grain))}</desc>'
    )
    if span is None or n == 0:
        return (
            head + f'<text class="note" x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">'
            f"No data for {escape(spec.title)}</text></svg>"
        )
    lo, hi = span
    ticks = _nice_ticks(lo, hi)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: float) -> float:
        return LEFT + (i + 0.5) * plot_w / n

    def y(v: float) -> float:
        return TOP + (hi - v) / (hi - lo) * plot_h

    out = [head, f'<rect class="plot" x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}"/>']
    # y axis: gridlines, tick labels, the unit as the axis title
    for t in ticks:
        out.append(
            f'<line class="grid" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{_f(y(t))}" y2="{_f(y(t))}"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{_f(y(t) + 4)}" text-anchor="end">'
            f"{escape(fmt.number(t, spec.unit, 'compact'))}</text>"
        )
    unit = spec.unit or "value"
    out.append(
        f'<text class="axis-title" transform="translate(14 {TOP + plot_h / 2}) rotate(-90)"'
        f' text-anchor="middle">{escape(unit)}</text>'
    )
    # x axis: about eight labels at most, the last always
    every = max(1, math.ceil(n / 8))
    shown = sorted({*range(0, n, every), n - 1})
    if len(shown) > 1 and shown[-1] - shown[-2] < every:
        shown.pop(-2)
    base = TOP + plot_h
    out.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{base}" y2="{base}"/>')
    for i in shown:
        out.append(
            f'<text class="tick" x="{_f(x(i))}" y="{base + 16}" text-anchor="middle">'
            f"{escape(spec.labels[i])}</text>"
        )
    out.append(
        f'<text class="axis-title" x="{LEFT + plot_w / 2}" y="{base + 34}"'
        f' text-anchor="middle">{escape(grain)}</text>'
    )
    # control limits and centre line, per phase
    for ph in spec.phases:
        x1, x2 = _f(x(ph.start - 0.5)), _f(x(ph.end - 0.5))
        for value, cls in ((ph.upper, "limit"), (ph.lower, "limit"), (ph.centre, "centre")):
            if value is not None:
                yy = _f(y(value))
                out.append(f'<line class="{cls}" x1="{x1}" x2="{x2}" y1="{yy}" y2="{yy}"/>')
    for value, cls in ((spec.baseline, "baseline"), (spec.target, "target")):
        if value is not None:
            yy = _f(y(value))
            out.append(
                f'<line class="{cls}" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{yy}" y2="{yy}"/>'
            )
    if spec.change_at is not None:
        cx = _f(x(spec.change_at))
        out.append(
            f'<line class="change" x1="{cx}" x2="{cx}" y1="{TOP}" y2="{base}"/>'
            f'<text class="change-label" x="{cx}" y="{TOP + 12}" dx="4">'
            f"change {escape(spec.change_label)}</text>"
        )
    # the series: one polyline per run of consecutive values (a gap stays a gap)
    runs: list[list[str]] = [[]]
    for i, v in enumerate(spec.values):
        if v is None or not math.isfinite(v):
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(f"{_f(x(i))},{_f(y(v))}")
    for run in runs:
        if run:
            out.append(f'<polyline class="series" points="{" ".join(run)}"/>')
    signals = {s.index: s for s in spec.signals}
    incomplete = set(spec.incomplete)
    for i, v in enumerate(spec.values):
        if v is None or not math.isfinite(v):
            continue
        label = f"{spec.labels[i]}: {_value(v, spec)}"
        cls = "point"
        if i in incomplete:
            cls, label = "point partial", f"{label} (period not over)"
        out.append(
            f'<circle class="{cls}" cx="{_f(x(i))}" cy="{_f(y(v))}" r="3.5">'
            f"<title>{escape(label)}</title></circle>"
        )
        if i in signals:
            s = signals[i]
            glyph = "▲" if s.kind == "improvement" else "▼"
            dy = -8 if s.kind == "improvement" else 16
            out.append(
                f'<text class="signal {s.kind}" x="{_f(x(i))}" y="{_f(y(v) + dy)}"'
                f' text-anchor="middle">{glyph}<title>{escape(label)}: signal, {s.kind}'
                f" ({escape(s.rule)})</title></text>"
            )
    out.append(_legend(spec, base + 46))
    out.append("</svg>")
    return "".join(out)


def _legend(spec: ChartSpec, top: float) -> str:
    """The legend in words, each with a sample of its line or mark, in rows of three."""
    items: list[tuple[str, str]] = [("series", "actual per period")]
    if spec.target is not None:
        items.append(("target", f"target {_value(spec.target, spec)}"))
    if spec.baseline is not None:
        items.append(("baseline", f"baseline {_value(spec.baseline, spec)}"))
    if spec.phases:
        items.append(("centre", "centre line"))
        items.append(("limit", "control limits (UCL / LCL)"))
    if spec.change_at is not None:
        items.append(("change", f"change {spec.change_label}"))
    if spec.signals:
        items.append(("signal", "▲ ▼ signal: improvement / concern"))
    if any(spec.values[i] is not None for i in spec.incomplete):
        items.append(("partial", "hollow: period not over"))
    out = ['<g class="legend">']
    col_w = (WIDTH - LEFT) / 3
    for k, (cls, text) in enumerate(items):
        lx = LEFT + (k % 3) * col_w
        ly = top + (k // 3) * 16
        if cls == "signal":
            sample = ""  # the glyphs lead the words
        elif cls == "partial":
            sample = f'<circle class="point partial" cx="{_f(lx + 10)}" cy="{_f(ly)}" r="3.5"/>'
        else:
            x1, x2, yy = _f(lx), _f(lx + 22), _f(ly)
            sample = f'<line class="{cls}" x1="{x1}" x2="{x2}" y1="{yy}" y2="{yy}"/>'
        tx = lx if cls == "signal" else lx + 28
        out.append(f'{sample}<text class="legend-text" x="{_f(tx)}" y="{_f(ly + 4)}">')
        out.append(f"{escape(text)}</text>")
    out.append("</g>")
    return "".join(out)


def describe(spec: ChartSpec, grain: str = "period") -> str:
    """The chart in one or two sentences, for screen readers and as the text alternative."""
    values = [
        (label, v) for label, v in zip(spec.labels, spec.values, strict=True) if v is not None
    ]
    if not values:
        return f"{spec.title}: no data."
    first, last = values[0], values[-1]
    parts = [
        f"{spec.title}, one value per {grain} from {spec.labels[0]} to {spec.labels[-1]}:"
        f" {_value(first[1], spec)} in {first[0]}, {_value(last[1], spec)}"
        f" in {last[0]}"
    ]
    if spec.target is not None:
        parts.append(f"target {_value(spec.target, spec)}")
    if spec.baseline is not None:
        parts.append(f"baseline {_value(spec.baseline, spec)}")
    if spec.phases:
        ph = spec.phases[-1]
        limits = ", ".join(
            f"{name} {_value(v, spec)}"
            for name, v in (("centre", ph.centre), ("UCL", ph.upper), ("LCL", ph.lower))
            if v is not None
        )
        parts.append(f"current control limits: {limits}")
    if spec.change_at is not None:
        parts.append(f"change on {spec.change_label}")
    if spec.signals:
        parts.append(f"{len(spec.signals)} signal(s)")
    return "; ".join(parts) + "."
