"""What a chart draws, as plain data: the series, the expectations and the signals.

The screens build a ``ChartSpec`` from the engine's and the analysis' results; the chart widgets
only draw it. Keeping the spec free of widgets lets tests and the benchmark check what would be
drawn without a screen, and keeps long series cheap: ``downsample`` cuts them down with polars
before plotext ever sees them (plotext's cost grows with the number of points).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import polars as pl

SignalKind = Literal["improvement", "concern"]

# Glyphs carry the meaning as well as the colour (a signal is never shown by colour alone).
SIGNAL_GLYPHS: dict[str, str] = {"improvement": "▲", "concern": "▼"}


@dataclass(frozen=True)
class Phase:
    """One phase of an XmR chart: the points ``start`` to ``end`` (exclusive) and its limits."""

    start: int
    end: int
    centre: float
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class Signal:
    """A point the control chart flags; ``kind`` says whether it is good or bad news."""

    index: int
    value: float
    kind: SignalKind
    rule: str = ""


@dataclass(frozen=True)
class Segment:
    """A run of points that belongs to one cycle (earlier cycles are drawn in a quieter colour)."""

    start: int
    end: int
    label: str
    current: bool = True


@dataclass(frozen=True)
class Marker:
    """An earlier cycle's change date: the x position (between two points) and its cycle."""

    x: float
    label: str


@dataclass(frozen=True)
class Level:
    """The baseline an earlier cycle adopted, drawn over that cycle's own points."""

    start: int
    end: int  # exclusive
    value: float
    label: str


@dataclass(frozen=True)
class ChartSpec:
    title: str
    unit: str
    labels: tuple[str, ...]  # one x label per point (the period)
    values: tuple[float | None, ...]  # None: no data in that period
    target: float | None = None
    baseline: float | None = None
    phases: tuple[Phase, ...] = ()
    change_at: float | None = None  # x position of the change date (between two points)
    change_label: str = ""
    signals: tuple[Signal, ...] = ()
    segments: tuple[Segment, ...] = ()
    incomplete: tuple[int, ...] = ()  # indices of periods not over yet
    # the metric's natural range (no negative durations, no rate above 100%): the axis stops there
    floor: float | None = None
    ceiling: float | None = None
    earlier_changes: tuple[Marker, ...] = ()  # change dates of earlier cycles
    adopted: tuple[Level, ...] = ()  # baselines adopted by earlier cycles

    @property
    def empty(self) -> bool:
        return all(v is None for v in self.values)


def value_range(spec: ChartSpec, points: Sequence[float]) -> tuple[float, float] | None:
    """The y range of a chart: ``points`` (the values drawn) and the spec's lines, padded, but
    never past the metric's natural floor or ceiling (no tick at -2 h or 101%)."""
    candidates = [y for y in points if math.isfinite(y)]
    candidates += [x for x in (spec.target, spec.baseline) if x is not None]
    candidates += [level.value for level in spec.adopted]
    for phase in spec.phases:
        candidates += [x for x in (phase.centre, phase.lower, phase.upper) if x is not None]
    if not candidates:
        return None
    lo, hi = min(candidates), max(candidates)
    pad = (hi - lo) * 0.08 or max(abs(hi) * 0.1, 1.0)
    low, high = lo - pad, hi + pad
    if spec.floor is not None and lo >= spec.floor:
        low = max(low, spec.floor)
    if spec.ceiling is not None and hi <= spec.ceiling:
        high = min(high, spec.ceiling)
    return (low, high) if high > low else (lo - pad, hi + pad)


def downsample(values: Sequence[float | None], max_points: int) -> tuple[list[float], list[float]]:
    """Cut a long series down to at most ``max_points`` (x, y) points for plotting.

    Each bucket of consecutive points keeps its minimum and its maximum (in their order), so a
    spike survives downsampling: a chart that averaged it away would hide the very outlier a
    reviewer is looking for. Missing values are skipped. Short series come back unchanged.
    """
    if len(values) <= max_points:
        # No polars for a series that fits (every period chart in practice): this runs while
        # rendering, and during a load polars' thread pool is busy, so a call would wait for it.
        kept = [(float(x), float(y)) for x, y in enumerate(values) if y is not None]
        return [x for x, _ in kept], [y for _, y in kept]
    frame = (
        pl.DataFrame({"y": pl.Series(list(values), dtype=pl.Float64)})
        .with_row_index("x")
        .drop_nulls("y")
    )
    if frame.height <= max_points:
        return [float(x) for x in frame["x"]], frame["y"].to_list()
    buckets = max(1, max_points // 2)
    size = -(-len(values) // buckets)  # ceiling division
    picked = (
        frame.with_columns((pl.col("x") // size).alias("bucket"))
        .group_by("bucket", maintain_order=True)
        .agg(
            pl.col("x").get(pl.col("y").arg_min()).alias("x_min"),
            pl.col("y").min().alias("y_min"),
            pl.col("x").get(pl.col("y").arg_max()).alias("x_max"),
            pl.col("y").max().alias("y_max"),
        )
    )
    points = (
        pl.concat(
            [
                picked.select(pl.col("x_min").alias("x"), pl.col("y_min").alias("y")),
                picked.select(pl.col("x_max").alias("x"), pl.col("y_max").alias("y")),
            ]
        )
        .unique("x")
        .sort("x")
    )
    return [float(x) for x in points["x"]], points["y"].to_list()


def tick_positions(
    labels: Sequence[str], columns: int, span: float | None = None
) -> tuple[list[float], list[str]]:
    """x ticks that never interact: ``columns`` of plot for ``span`` x units (default: 1 a label).

    plotext de-duplicates ticks through a ``set`` and then places (or drops) each label by looking
    at the labels already placed, in an order that changes with Python's string hash seed; ticks
    far enough apart make the picture the same in every process (and snapshots deterministic).
    """
    n = len(labels)
    if n == 0 or columns <= 0:
        return [], []
    per_unit = columns / (span if span else n)
    # Label lengths from a sample (a 100,000-point series has as many labels), then checked on
    # the labels actually chosen.
    longest = max(len(label) for label in (*labels[:: max(1, n // 200)], labels[-1]))
    while True:
        # plotext centres each label in the free space within one label length of its tick,
        # so neighbours must stay clear of that window: 1.5 label lengths apart plus a blank.
        step = max(1, math.ceil((longest * 1.5 + 2) / per_unit))
        idx = range(0, n, step)
        chosen = max(len(labels[i]) for i in idx)
        if chosen <= longest:
            return [float(i) for i in idx], [labels[i] for i in idx]
        longest = chosen
