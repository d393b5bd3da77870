"""The chart building blocks: downsampling, spec building, plotting, sparkline, breakdowns."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from charts_fixture import MTTR, make_analysis, make_compute, make_cycles, months, series
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual_plotext.plot import Plot

from csi_tui.analysis import fmt
from csi_tui.data.results import BreakdownValue, PeriodValue
from csi_tui.report.chart_spec import (
    ChartSpec,
    Phase,
    Segment,
    Signal,
    downsample,
    tick_positions,
)
from csi_tui.report.metric_spec import build_spec, change_position
from csi_tui.report.scorecard import score_rows
from csi_tui.report.sparkline import sparkline_text
from csi_tui.tui.widgets.breakdown import OTHER, top_n_breakdown
from csi_tui.tui.widgets.chart_palette import palette_from, rich_colour
from csi_tui.tui.widgets.metric_chart import MetricChart, draw_spec, legend_markup

ANSI = re.compile(r"\x1b\[[0-9;]*m")
PALETTE = palette_from({"foreground": "#ffffff", "background": "#000000", "surface": "#111111"})


# ---------------------------------------------------------------- downsampling
def test_downsample_leaves_short_series_alone_and_skips_gaps() -> None:
    xs, ys = downsample([1.0, None, 3.0], 10)
    assert xs == [0.0, 2.0]
    assert ys == [1.0, 3.0]


def test_downsample_of_a_series_that_fits_never_calls_polars(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """It runs while rendering; during a load polars' pool is busy and a call would wait."""
    import csi_tui.report.chart_spec as chart_spec

    class NoPolars:
        def __getattr__(self, name: str) -> object:
            raise AssertionError(f"polars used: pl.{name}")

    monkeypatch.setattr(chart_spec, "pl", NoPolars())
    xs, ys = downsample([5.0, None, 7.5, 6.0], 36)
    assert (xs, ys) == ([0.0, 2.0, 3.0], [5.0, 7.5, 6.0])


def test_downsample_bounds_the_points_and_keeps_the_spike() -> None:
    values: list[float | None] = [math.sin(i / 50) for i in range(100_000)]
    values[31_337] = 99.0  # a single outlier must survive
    values[77_777] = -99.0
    xs, ys = downsample(values, 240)
    assert len(xs) <= 240
    assert 99.0 in ys and -99.0 in ys
    assert xs[ys.index(99.0)] == 31_337
    assert xs == sorted(xs)


def test_tick_positions_never_touch() -> None:
    labels = [f"2026-{m:02d}" for m in range(1, 13)] * 3
    ticks, names = tick_positions(labels, 60)
    assert ticks[0] == 0
    assert names == [labels[int(t)] for t in ticks]
    columns_apart = (ticks[1] - ticks[0]) * 60 / len(labels)
    assert columns_apart >= len(labels[0]) * 1.5 + 1
    # a wider x range (room for labels on the right) spreads the ticks further apart
    wide, _ = tick_positions(labels, 60, span=len(labels) * 2)
    assert wide[1] - wide[0] > ticks[1] - ticks[0]


def test_the_picture_does_not_depend_on_the_hash_seed() -> None:
    """plotext orders ticks through a set; draw the same chart under two hash seeds."""
    code = (
        "from textual_plotext.plot import Plot\n"
        "from csi_tui.tui.widgets.chart_palette import palette_from\n"
        "from csi_tui.report.chart_spec import ChartSpec\n"
        "from csi_tui.tui.widgets.metric_chart import draw_spec\n"
        f"spec = ChartSpec('m', 'h', {tuple(_spec().labels)!r}, {MTTR!r}, 6.0, 10.8)\n"
        "plt = Plot()\n"
        "draw_spec(plt, spec, palette_from({}), 52, 13)\n"
        "plt.plotsize(52, 13)\n"
        "print(plt.build())\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "3")  # these two gave different pictures before the fix
    }
    assert len(outputs) == 1


# ---------------------------------------------------------------- formatting
def test_numbers_with_units() -> None:
    assert fmt.value(6.14, "h") == "6.1 h"
    assert fmt.value(94.2, "%") == "94.2%"
    assert fmt.value(None, "h") == "n/a"  # the package's one word for a missing value
    assert fmt.number(12_345.0, style="compact") == "12.3k"
    assert fmt.change(-4.7, "h", 10.8) == "-4.7 h (-44%)"
    assert fmt.change(6.2, "%", 88.0) == "+6.2 pt"  # percentages change in points
    assert fmt.row_decimals([11.0, 10.5]) == 1
    assert fmt.row_decimals([250.0, 262.0]) == 0


def test_sparkline() -> None:
    assert sparkline_text([0, 7, 3]) == "▁█▄"  # 3 of 7 steps up: the 4th block
    assert sparkline_text([2, 2]) == "▄▄"
    assert sparkline_text([1, None, 3]) == "▁ █"
    assert sparkline_text([]) == ""
    assert len(sparkline_text(list(range(100)), 12)) == 12


def test_palette_uses_app_variables_and_blends_alpha() -> None:
    palette = palette_from({"csi-target": "#0550AE", "warning": "#ff0000"})
    assert palette.target == (5, 80, 174)
    assert palette.concern == (128, 128, 128)  # nothing defined: a neutral grey
    # Rich cannot parse #rrggbbaa; a 50% white on black comes out mid grey.
    assert rich_colour({"background": "#000000", "x": "#ffffff80"}, "x") == "#808080"
    assert rich_colour({}, "missing") == ""


# ---------------------------------------------------------------- spec building
def test_change_position_inside_a_period() -> None:
    periods = [PeriodValue(label, start, end, 1.0, 1) for label, start, end in months(2026, 1, 12)]
    assert change_position(periods, date(2026, 6, 1)) == pytest.approx(4.5)  # between May, June
    assert change_position(periods, date(2026, 6, 16)) == pytest.approx(5.0, abs=0.01)
    assert change_position(periods, date(2020, 1, 1)) is None
    assert change_position(periods, None) is None


def test_build_spec_joins_earlier_cycles_and_offsets_the_analysis() -> None:
    earlier, current = make_cycles(Path("/ws"))
    metric = current.metric("mttr")
    assert metric is not None
    old = make_compute(earlier).metric("mttr")
    now = make_compute(current).metric("mttr")
    found = make_analysis(current).metric("mttr")
    assert old is not None and now is not None and found is not None
    spec = build_spec(metric, now, found, date(2026, 6, 1), earlier=[("email-2025h2", old)])
    assert spec.labels[:2] == ("2025-07", "2025-08")
    assert len(spec.values) == 6 + 12
    assert [(s.start, s.end, s.current) for s in spec.segments] == [(0, 6, False), (6, 18, True)]
    # the analysis indexes the current cycle's periods: shifted by the 6 earlier ones
    assert spec.phases[0].start == 6 and spec.phases[-1].end == 18
    assert {s.index for s in spec.signals} == {6 + 8, 6 + 2}
    assert spec.signals[0].value == MTTR[2]
    assert spec.change_at == pytest.approx(6 + 4.5)
    assert spec.incomplete == (17,)
    assert spec.title == "MTTR P1/P2, h (lower is better)"


def test_limits_of_a_quantity_that_cannot_be_negative_stop_at_zero() -> None:
    _earlier, current = make_cycles(Path("/ws"))
    metric = current.metric("mttr")
    found = make_analysis(current).metric("mttr")
    now = make_compute(current).metric("mttr")
    assert metric is not None and found is not None and now is not None
    low = replace(found.chart.phases[1], lcl=-2.5)
    found = replace(found, chart=replace(found.chart, phases=(found.chart.phases[0], low)))
    assert build_spec(metric, now, found).phases[1].lower == 0.0
    negative = replace(now, periods=(replace(now.periods[0], value=-1.0), *now.periods[1:]))
    assert build_spec(metric, negative, found).phases[1].lower == -2.5


# ---------------------------------------------------------------- plotting
def _plot_text(spec: ChartSpec, width: int = 80, height: int = 20) -> str:
    plt = Plot()
    draw_spec(plt, spec, PALETTE, width, height)
    plt.plotsize(width, height)  # after drawing: clear_figure() resets the size
    return ANSI.sub("", plt.build())


def _spec(**changes: object) -> ChartSpec:
    base: dict[str, object] = {
        "title": "MTTR",
        "unit": "h",
        "labels": tuple(f"2026-{m:02d}" for m in range(1, 13)),
        "values": MTTR,
        "target": 6.0,
        "baseline": 10.8,
        "phases": (Phase(0, 6, 10.9, 8.5, 13.3), Phase(6, 12, 6.6, 4.9, 8.3)),
        "change_at": 4.5,
        "change_label": "2026-06-01",
        "signals": (Signal(8, 6.5, "improvement"), Signal(2, 12.0, "concern")),
    }
    base.update(changes)
    return ChartSpec(**base)  # type: ignore[arg-type]


def test_the_chart_carries_target_baseline_limits_change_and_signals() -> None:
    text = _plot_text(_spec())
    for words in ("target 6", "baseline 10.8", "UCL", "LCL", "change 2026-06-01", "2026-01"):
        assert words in text
    assert "▲" in text and "▼" in text


def test_legend_names_the_glyphs_in_words() -> None:
    legend = re.sub(r"\[[^\]]*\]", "", legend_markup(_spec(), PALETTE))
    assert "▲ improvement" in legend and "▼ concern" in legend and "actual" in legend
    assert "concern" not in legend_markup(_spec(signals=()), PALETTE)
    one = _spec(segments=(Segment(0, 6, "email-2025", False), Segment(6, 12, "now")))
    assert "earlier: email-2025" in legend_markup(one, PALETTE)
    two = _spec(
        segments=(Segment(0, 3, "a", False), Segment(3, 6, "b", False), Segment(6, 12, "now"))
    )
    assert "2 earlier cycles" in legend_markup(two, PALETTE)


def test_an_empty_series_says_so() -> None:
    assert "No data for MTTR" in _plot_text(_spec(values=(None,) * 12, labels=("a",) * 12))


def test_the_chart_stays_legible_small() -> None:
    text = _plot_text(_spec(), width=50, height=10)
    assert "target 6" in text
    assert max(len(line) for line in text.splitlines()) <= 50


# ---------------------------------------------------------------- breakdowns and scorecard
def test_top_n_plus_other_weights_by_tickets() -> None:
    values = [
        BreakdownValue("A", "p1", 10.0, 100),
        BreakdownValue("B", "p1", 20.0, 50),
        BreakdownValue("C", "p1", 30.0, 10),
        BreakdownValue("D", "p1", 60.0, 30),
    ]
    data = top_n_breakdown("team", values, ["p1"], top_n=2)
    assert [r.group for r in data.rows] == ["A", "B", OTHER]
    other = data.rows[-1]
    assert other.n == 40
    # (30 x 10 + 60 x 30) / 40, computed by hand
    assert other.values[0] == pytest.approx(52.5)
    counts = top_n_breakdown("team", values, ["p1"], top_n=2, summed=True)
    assert counts.rows[-1].values[0] == pytest.approx(90.0)


def test_scorecard_rows_say_status_in_words_and_direction_of_change() -> None:
    _earlier, current = make_cycles(Path("/ws"))
    rows = {r.metric_id: r for r in score_rows(current, make_compute(current), None)}
    assert rows["mttr"].badge == "? NO TARGET"  # no analysis yet: not claimed as met
    rows = {
        r.metric_id: r for r in score_rows(current, make_compute(current), make_analysis(current))
    }
    assert rows["mttr"].badge == "▲ MET"
    assert rows["mttr"].current == "6.1 h"
    assert rows["mttr"].change == "-4.7 h (-44%) better"
    assert rows["sla"].change == "+6.2 pt better"
    assert rows["reopen"].badge == "▼ MISSED"
    assert rows["reopen"].change.endswith("worse")
    assert len(rows["mttr"].spark) == 12


# ---------------------------------------------------------------- the widget
class _Other(Screen[None]):
    def compose(self) -> ComposeResult:
        yield MetricChart(_spec(), id="hidden-chart")


class _ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield MetricChart(_spec(), id="chart")


async def test_the_widget_redraws_on_new_data_and_only_when_visible() -> None:
    app = _ChartApp()
    async with app.run_test(size=(80, 20)) as pilot:
        chart = app.query_one("#chart", MetricChart)
        await pilot.pause()
        assert chart.redraws >= 1
        assert chart.border_title == "MTTR"
        before = chart.redraws
        chart.set_spec(chart.spec)  # same data: nothing to do
        assert chart.redraws == before
        other = _Other()
        await app.push_screen(other)
        await pilot.pause()
        hidden = other.query_one("#hidden-chart", MetricChart)
        # the first screen's chart is not visible now: new data only marks it stale
        chart.set_spec(_spec(title="SLA"))
        assert chart.redraws == before
        app.pop_screen()
        await pilot.pause()
        assert chart.redraws == before + 1
        assert chart.border_title == "SLA"
        assert hidden.redraws >= 1


async def test_the_widget_follows_the_theme() -> None:
    app = _ChartApp()
    async with app.run_test(size=(80, 20)) as pilot:
        chart = app.query_one("#chart", MetricChart)
        await pilot.pause()
        before = chart.redraws
        app.theme = "textual-light"
        await pilot.pause()
        assert chart.redraws > before


def test_series_helper_marks_the_last_period_incomplete() -> None:
    s = series("x", "h", (1.0, 2.0))
    assert [p.complete for p in s.periods] == [True, False]


def test_the_fast_text_path_matches_plotexts_ansi_output() -> None:
    """plot_text reads plotext's cells directly; it must paint exactly what the ANSI route does."""
    from io import StringIO

    from rich.console import Console
    from rich.text import Text

    from csi_tui.tui.widgets.plot_text import plot_text

    def styled(text: Text) -> str:
        console = Console(width=100, color_system="truecolor", record=True, file=StringIO())
        console.print(text)
        return console.export_text(styles=True).rstrip()

    for spec in (_spec(), _spec(values=tuple(float(i % 7) for i in range(3000)))):
        plt = Plot()
        draw_spec(plt, spec, PALETTE, 90, 20)
        plt.plotsize(90, 20)
        fast = plot_text(plt)
        assert fast is not None
        assert styled(fast) == styled(Text.from_ansi(plt.build()))


def test_a_long_series_is_drawn_from_few_points() -> None:
    """100,000 points reach plotext as about one point per plot column."""
    drawn: list[int] = []

    class Counting(Plot):
        def plot(self, *args: object, **kwargs: object) -> None:
            drawn.append(len(args[0]))  # type: ignore[arg-type]
            super().plot(*args, **kwargs)

    values = tuple(float(i % 97) for i in range(100_000))
    labels = tuple(str(i) for i in range(100_000))
    draw_spec(Counting(), ChartSpec("m", "h", labels, values), PALETTE, 120, 40)
    assert max(drawn) <= 120
