"""Redraw time of the dashboard's charts at 120x40 for 36, 1,000 and 100,000 points.

A redraw is what ``MetricChart.replot()`` and the paint that follows do: build the figure from a
``ChartSpec`` (downsampling the series with polars to two points per column) and let plotext
render it to text. Measured two ways:

- figure: ``draw_spec`` + ``plot_text`` on a plotext figure, what the widget runs, without Textual;
- widget: the mounted ``MetricChart`` in a headless app, ``replot()`` + ``render()``;

for the step 5 chart (series, target, baseline, two phases of control limits, change date,
signals), the step 4 chart (three earlier cycles before this one) and a step 6 key chart (58x14),
and, for the ratio, what textual-plotext does out of the box: plotext on the raw series (no
downsampling) rendered through ANSI (``Text.from_ansi(build())``). Goal: no redraw over
20 ms at 120x40.

    python bench/bench_charts.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import time
from collections.abc import Callable

from rich.text import Text
from textual.app import App, ComposeResult
from textual_plotext.plot import Plot

from csi_tui.report.chart_spec import ChartSpec, Phase, Segment, Signal
from csi_tui.tui.widgets.chart_palette import palette_from
from csi_tui.tui.widgets.metric_chart import MetricChart, draw_spec
from csi_tui.tui.widgets.plot_text import plot_text

SIZES = (36, 1_000, 100_000)
WIDTH, HEIGHT = 120, 40
GOAL_MS = 20.0
PALETTE = palette_from(
    {"foreground": "#e6edf3", "background": "#0d1117", "surface": "#161b22", "primary": "#4ea1ff"}
)


def series(n: int) -> list[float | None]:
    """A noisy series that drops by 40% halfway, with a gap and two outliers."""
    values: list[float | None] = [
        (10.0 if i < n // 2 else 6.0) + 1.5 * math.sin(i * 1.7) + 0.8 * math.cos(i * 0.31)
        for i in range(n)
    ]
    values[n // 3] = None
    values[n // 5] = 16.0
    values[(4 * n) // 5] = 2.0
    return values


def analyse_spec(n: int) -> ChartSpec:
    half = n // 2
    return ChartSpec(
        title="MTTR P1/P2, h (lower is better)",
        unit="h",
        labels=tuple(f"p{i}" for i in range(n)),
        values=tuple(series(n)),
        target=6.0,
        baseline=10.0,
        phases=(Phase(0, half, 10.0, 6.0, 14.0), Phase(half, n, 6.0, 3.5, 8.5)),
        change_at=half - 0.5,
        change_label="2026-06-01",
        signals=(Signal(n // 5, 16.0, "concern"), Signal((4 * n) // 5, 2.0, "improvement")),
        incomplete=(n - 1,),
    )


def history_spec(n: int) -> ChartSpec:
    quarter = n // 4
    spec = analyse_spec(n)
    segments = tuple(
        Segment(i * quarter, (i + 1) * quarter if i < 3 else n, f"c{i}", current=i == 3)
        for i in range(4)
    )
    return ChartSpec(
        title=spec.title,
        unit=spec.unit,
        labels=spec.labels,
        values=spec.values,
        target=spec.target,
        baseline=spec.baseline,
        change_at=spec.change_at,
        change_label=spec.change_label,
        segments=segments,
        incomplete=spec.incomplete,
    )


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm up (imports, plotext theme tables)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def figure_redraw(spec: ChartSpec, width: int, height: int) -> Callable[[], object]:
    plt = Plot()

    def run() -> object:
        draw_spec(plt, spec, PALETTE, width, height)
        plt.plotsize(width, height)
        return plot_text(plt)

    return run


def raw_plotext(n: int) -> Callable[[], Text]:
    values = series(n)
    xs = [i for i, v in enumerate(values) if v is not None]
    ys = [v for v in values if v is not None]
    plt = Plot()

    def run() -> Text:
        plt.clear_figure()
        plt.plot(xs, ys, marker="hd")
        plt.hline(6.0)
        plt.plotsize(WIDTH, HEIGHT)
        return Text.from_ansi(plt.build())

    return run


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield MetricChart(id="chart")


async def widget_redraws(specs: dict[str, ChartSpec], repeat: int) -> dict[str, float]:
    """replot() + render() of the mounted widget (the border adds 2 to each side's size)."""
    app = ChartApp()
    out: dict[str, float] = {}
    async with app.run_test(size=(WIDTH + 2, HEIGHT + 2)) as pilot:
        chart = app.query_one(MetricChart)
        await pilot.pause()
        for name, spec in specs.items():

            def run(spec: ChartSpec = spec) -> object:
                chart.spec = spec
                chart.replot()
                return chart.render()

            out[name] = median_ms(run, repeat)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rows = []
    for n in SIZES:
        raw_repeat = 1 if n >= 100_000 else args.repeat
        rows.append(
            (
                n,
                median_ms(figure_redraw(analyse_spec(n), WIDTH, HEIGHT), args.repeat),
                median_ms(figure_redraw(history_spec(n), WIDTH, HEIGHT), args.repeat),
                median_ms(figure_redraw(analyse_spec(n), 58, 14), args.repeat),
                median_ms(raw_plotext(n), raw_repeat),
            )
        )
    widget = asyncio.run(widget_redraws({f"{n}": analyse_spec(n) for n in SIZES}, args.repeat))
    print(
        f"chart redraw at {WIDTH}x{HEIGHT}, median of {args.repeat} (ms); goal <= {GOAL_MS:.0f} ms"
    )
    header = f"{'points':>8} {'step5':>8} {'step4':>8} {'key 58x14':>10} {'widget':>8}"
    print(header + f" {'raw+ANSI':>12} {'raw/step5':>10}")
    worst = 0.0
    for n, step5, step4, key, raw in rows:
        w = widget[f"{n}"]
        worst = max(worst, step5, step4, key, w)
        print(
            f"{n:>8,} {step5:>8.1f} {step4:>8.1f} {key:>10.1f} {w:>8.1f}"
            f" {raw:>12.1f} {raw / step5:>9.1f}x"
        )
    verdict = "met" if worst <= GOAL_MS else "NOT met"
    print(f"slowest redraw {worst:.1f} ms: goal {verdict}")


if __name__ == "__main__":
    main()
