"""The metric chart: the measured series against the target, the baseline and control limits.

One ``PlotextPlot`` (one plotext figure) per chart. ``replot()`` clears, draws and refreshes; it
runs when the spec, the size or the theme changes, and only while the chart is visible (a hidden
chart is marked stale and redrawn when it is shown). The legend, in words, sits in the border's
subtitle so it costs no plot rows at 80x24.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.geometry import Size
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from csi_tui.analysis import fmt
from csi_tui.report.chart_spec import (
    SIGNAL_GLYPHS,
    ChartSpec,
    downsample,
    tick_positions,
    value_range,
)
from csi_tui.tui.textual_internals import plotext_theme_name
from csi_tui.tui.widgets.chart_palette import RGB, ChartPalette, palette_from
from csi_tui.tui.widgets.plot_text import plot_text

# One point per column: downsampling keeps each bucket's lowest and highest value, so spikes stay;
# more points cannot be seen at terminal resolution and only cost plotext time.
POINTS_PER_COLUMN = 1


def _number(v: float, spec: ChartSpec) -> str:
    """A line label's number: compact, as the chart's room asks; the title carries the unit."""
    return fmt.number(v, spec.unit, "compact")


def _value_range(spec: ChartSpec, shown: list[list[float]]) -> tuple[float, float] | None:
    """The y range: the points drawn (downsampling keeps each bucket's extremes) and the lines."""
    return value_range(spec, [y for ys in shown for y in ys])


def draw_spec(
    plt: Plot, spec: ChartSpec, palette: ChartPalette, width: int, height: int
) -> tuple[str, ...]:
    """Draw ``spec`` on a cleared plotext figure. Pure plotting: no widget needed (bench, tests).

    Returns the line labels that had no row of their own (for the legend to name instead)."""
    plt.clear_figure()
    plt.frame(True)
    n = len(spec.values)
    plot_cols = max(10, width - 9)  # the y tick labels and the frame take about 9 columns
    # Downsample first: each run of points gets its share of the columns, one point per column.
    current_start = min((s.start for s in spec.segments if s.current), default=0)
    runs = [(s.start, s.end, palette.earlier) for s in spec.segments if not s.current]
    runs.append((current_start, n, palette.series))
    parts: list[tuple[list[float], list[float], RGB]] = []
    for start, end, colour in runs:
        budget = max(4, round(plot_cols * POINTS_PER_COLUMN * (end - start) / max(n, 1)))
        xs, ys = downsample(spec.values[start:end], budget)
        parts.append(([x + start for x in xs], ys, colour))
    span = _value_range(spec, [ys for _xs, ys, _c in parts])
    if n == 0 or span is None or not any(xs for xs, _ys, _c in parts):
        plt.title(f"No data for {spec.title}")
        return ()
    last = n - 1
    limit_labels = phase_labels(spec)
    # Room on the right for the line labels, so they never cover the latest points.
    label_cols = 1 + max(
        len(f"target {_number(spec.target, spec)}") if spec.target is not None else 0,
        len(f"baseline {_number(spec.baseline, spec)}") if spec.baseline is not None else 0,
        *(len(text) for text, _y in limit_labels),
    )
    margin = label_cols * n / max(1, plot_cols - label_cols)
    right = last + 0.5 + margin
    plt.xlim(-0.5, right)
    plt.ylim(*span)
    labels = _Labels(plt, span, height, palette.canvas, x=right)
    # Control limits and centre line per phase: dotted limits, a dashed centre line.
    for phase in spec.phases:
        x0, x1 = phase.start - 0.4, phase.end - 0.6
        for level in (phase.lower, phase.upper):
            if level is not None:
                plt.plot([x0, x1], [level, level], marker="·", color=palette.limits)
        plt.plot([x0, x1], [phase.centre, phase.centre], marker="-", color=palette.limits)
    for text, level in limit_labels:
        labels.add(text, level, palette.limits)
    if spec.baseline is not None:
        plt.plot([-0.5, right], [spec.baseline] * 2, marker="┄", color=palette.baseline)
        # the baseline's label wins over the limits' (added before it), the target's over both
        labels.add(
            f"baseline {_number(spec.baseline, spec)}", spec.baseline, palette.baseline, first=True
        )
    # Earlier cycles: the baseline each adopted, over its own points, and its change date.
    for adopted in spec.adopted:
        x0, x1 = adopted.start - 0.4, adopted.end - 0.6
        plt.plot([x0, x1], [adopted.value, adopted.value], marker="═", color=palette.baseline)
    for mark in spec.earlier_changes:
        plt.vline(mark.x, color=palette.earlier)
    if spec.target is not None:
        plt.hline(spec.target, color=palette.target)
        # the target label wins over any other label on its row
        labels.add(f"target {_number(spec.target, spec)}", spec.target, palette.target, first=True)
    if spec.change_at is not None:
        plt.vline(spec.change_at, color=palette.change)
        plt.text(
            f" change {spec.change_label}".rstrip(),
            x=spec.change_at,
            y=span[1],
            color=palette.change,
            background=palette.canvas,
            alignment="left",
        )
    # Series after the reference lines, so a point on a line stays visible; earlier cycles first.
    for xs, ys, colour in parts:
        if xs:
            plt.plot(xs, ys, marker="hd", color=colour)
    xs, ys, _colour = parts[-1]
    if xs and len(xs) == n - current_start and len(xs) <= width // 3:
        plt.scatter(xs, ys, marker="●", color=palette.series)  # few points: mark each one
    inc = [(i, v) for i in spec.incomplete if 0 <= i < n and (v := spec.values[i]) is not None]
    if inc:
        plt.scatter([i for i, _ in inc], [v for _, v in inc], marker="○", color=palette.series)
    for kind, colour in (("improvement", palette.improvement), ("concern", palette.concern)):
        marks = [s for s in spec.signals if s.kind == kind]
        if marks:
            plt.scatter(
                [s.index for s in marks],
                [s.value for s in marks],
                marker=SIGNAL_GLYPHS[kind],
                color=colour,
            )
    labels.draw()
    ticks, tick_labels = tick_positions(spec.labels, plot_cols, right + 0.5)
    plt.xticks(ticks, tick_labels)
    return tuple(labels.dropped)


def phase_labels(spec: ChartSpec) -> list[tuple[str, float]]:
    """The labels of the current phase's lines (after the change, when there is one), with their
    values as the target's label has: "UCL 9.8", "LCL 2.6" and the centre line "CL 6.1"."""
    if not spec.phases:
        return []
    final = spec.phases[-1]
    found = [(f"UCL {_number(final.upper, spec)}", final.upper)] if final.upper is not None else []
    if final.lower is not None:
        found.append((f"LCL {_number(final.lower, spec)}", final.lower))
    found.append((f"CL {_number(final.centre, spec)}", final.centre))
    return found


def _is_limit(text: str) -> bool:
    return text.split(" ", 1)[0] in ("UCL", "LCL", "CL")


# How many rows apart two line labels must be to be drawn both.
CLEAR_ROWS = 1.25


class _Labels:
    """Labels at the right edge; a label less than a row from another one is dropped."""

    def __init__(
        self, plt: Plot, span: tuple[float, float], height: int, canvas: RGB, x: float
    ) -> None:
        self.plt, self.canvas, self.x = plt, canvas, x
        rows = max(2, height - 3)  # frame and x ticks take three rows
        self.lo, self.per_row = span[0], (span[1] - span[0]) / rows
        self.items: list[tuple[float, str, float, RGB]] = []
        self.dropped: list[str] = []  # labels that had no row of their own: the legend names them

    def add(self, text: str, y: float, colour: RGB, first: bool = False) -> None:
        # Unrounded, and kept 1.25 rows apart: closer values can round onto one row (a sweep
        # of heights and gaps in tests/tui/test_charts_labels.py finds none at 1.25, some at 1).
        row = (y - self.lo) / self.per_row if self.per_row else 0.0
        if any(abs(row - r) < CLEAR_ROWS for r, *_ in self.items):
            if not first:
                self.dropped.append(text)
                return
            self.dropped += [item[1] for item in self.items if abs(row - item[0]) < CLEAR_ROWS]
            self.items = [item for item in self.items if abs(row - item[0]) >= CLEAR_ROWS]
        self.items.append((row, text, y, colour))

    def draw(self) -> None:
        for _row, text, y, colour in self.items:
            self.plt.text(
                text, x=self.x, y=y, color=colour, background=self.canvas, alignment="right"
            )


def legend_markup(
    spec: ChartSpec,
    palette: ChartPalette,
    unlabelled: Sequence[str] = (),
    room: int | None = None,
) -> str:
    """The legend in words for what has no label of its own on the plot (lines are labelled;
    ``unlabelled`` are line labels that gave way to another on their row, named here instead).

    With ``room`` (columns) and one series only, "━ actual" is the first to go when the legend
    would not fit: the values of the lines it names are what a reader cannot see otherwise."""
    actual = f"[{palette.hex('series')}]━ actual[/]"
    parts = [actual]
    lines = [text for text in unlabelled if not _is_limit(text)]
    for text in lines:
        colour, glyph = _line_key(text, palette)
        parts.append(f"[{colour}]{glyph} {escape(text)}[/]")
    earlier = [s.label for s in spec.segments if not s.current]
    if earlier:
        # which cycle the quieter line is: one is named, several are counted
        words = (
            f"earlier: {escape(earlier[0])}"
            if len(earlier) == 1
            else f"{len(earlier)} earlier cycles"
        )
        parts.append(f"[{palette.hex('earlier')}]━ {words}[/]")
    if spec.earlier_changes:
        parts.append(f"[{palette.hex('earlier')}]│ earlier changes[/]")
    if spec.adopted:
        parts.append(f"[{palette.hex('baseline')}]═ adopted[/]")
    kinds = {s.kind for s in spec.signals}
    if "improvement" in kinds:
        parts.append(f"[{palette.hex('improvement')}]▲ improvement[/]")
    if "concern" in kinds:
        parts.append(f"[{palette.hex('concern')}]▼ concern[/]")
    if spec.incomplete:
        parts.append("○ incomplete")
    # The current phase's centre line and limits, with their values as on the plot: last.
    centre = [escape(text) for text in unlabelled if text.startswith("CL ")]
    if centre:
        parts.append(f"[{palette.hex('limits')}]-- {centre[0]}[/]")
    limits = [escape(text) for text in unlabelled if _is_limit(text) and not text.startswith("CL")]
    if limits:
        parts.append(f"[{palette.hex('limits')}]··· {' '.join(limits)}[/]")
    legend = " ".join(parts)
    if room is not None and not earlier and len(Text.from_markup(legend)) > room:
        legend = " ".join(parts[1:])
    return legend


def _line_key(text: str, palette: ChartPalette) -> tuple[str, str]:
    """The colour and line glyph of a line label, for its legend entry."""
    if text.startswith("baseline"):
        return palette.hex("baseline"), "┄"
    if text.startswith("target"):
        return palette.hex("target"), "─"
    return palette.hex("limits"), "-" if text.startswith("CL ") else "·"  # CL; UCL, LCL


class MetricChart(PlotextPlot):
    """A metric's series with target, baseline, limits, the change date and signals."""

    DEFAULT_CSS = """
    MetricChart {
        border: round $border-blurred;
        border-title-color: $foreground;
        border-subtitle-color: $foreground-muted;
        min-height: 6;
    }
    MetricChart:focus { border: heavy $border; }  /* heavy: seen without colour too */
    """

    def __init__(self, spec: ChartSpec | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self._stale = True
        self._drawn_size = Size(0, 0)
        self.redraws = 0  # how many times the figure was rebuilt (tests check "only when visible")

    def on_mount(self) -> None:
        super().on_mount()
        # Colours come from the theme: redraw with the new palette when it changes.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.replot())
        self.replot()

    def set_spec(self, spec: ChartSpec | None) -> None:
        if spec == self.spec and not self._stale:
            return
        self.spec = spec
        self.replot()

    @property
    def visible_now(self) -> bool:
        return self.is_mounted and self.display and self.screen.is_active and self.size.width > 0

    def replot(self) -> None:
        """Clear, draw and refresh, if the chart can be seen; else draw it when next painted."""
        if not self.visible_now:
            self._stale = True
            self.refresh()  # costs nothing while hidden; makes the next paint call render()
            return
        self._draw()
        self.refresh()

    def render(self) -> RenderResult:
        # A chart given new data while hidden draws it here, when it is painted again; and the
        # figure is always drawn for the size it is painted at (ticks and labels depend on it).
        if (self._stale or self._drawn_size != self.size) and self.size.width > 0:
            self._draw()
        # As PlotextPlot.render, but without the ANSI round trip (see plot_text).
        width, height = self.size
        self.plt.plotsize(width, height)
        self.plt._set_size(width, height)
        self.plt.theme(plotext_theme_name(self, self.app.theme))
        text = plot_text(self.plt)
        return text if text is not None else super().render()

    def _draw(self) -> None:
        self._stale = False
        self._drawn_size = self.size
        self.redraws += 1
        palette = palette_from(self.app.theme_variables)
        if self.spec is None:
            self.plt.clear_figure()
            self.plt.title("No metric selected")
            self.border_title = ""
            self.border_subtitle = ""
        else:
            dropped = draw_spec(self.plt, self.spec, palette, self.size.width, self.size.height)
            self.border_title = self.spec.title
            # the border's corners, its two lead dashes and the spaces around take 6 columns
            room = self.outer_size.width - 6
            self.border_subtitle = legend_markup(self.spec, palette, dropped, room)

    def on_show(self, _event: events.Show) -> None:
        if self._stale:
            self.replot()

    def on_resize(self, _event: events.Resize) -> None:
        self.replot()
