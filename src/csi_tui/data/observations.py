"""Per-ticket values behind the mean, quantile and rate KPIs (for step 5's before/after test),
or only their number when there is no change date to test."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from csi_tui.cycle.model import Cycle, Metric
from csi_tui.data import kpis, zones
from csi_tui.data.quality import window


def wants_observations(cycle: Cycle) -> bool:
    """Per-ticket values are kept only for the before/after test, which needs a change date."""
    return cycle.analysis.change_date is not None


def observations_many(
    cycle: Cycle, metrics: Sequence[Metric], frame: pl.DataFrame, keep: bool = True
) -> dict[str, pl.DataFrame | int]:
    """Per-row values behind mean / quantile / rate KPIs, inside the cycle's window; without
    ``keep`` only their number (one cheap count per time column instead of a frame per KPI).

    Metrics placed by the same column share one window-filtered frame, and metrics with the same
    per-row value (MTTR mean, median and p90) share one column: each result selects its two
    columns from it without copying. ``at`` stays time-zone aware (the cycle's zone), in file
    order; ``value`` is null where a row has no value for that KPI (e.g. an unknown SLA outcome).
    """
    start, end = window(cycle)
    by_at: dict[str, list[Metric]] = {}
    for metric in metrics:
        if metric.kpi is None or not kpis.KPIS[metric.kpi].observed:
            continue
        at = str(metric.options.get("at", kpis.KPIS[metric.kpi].at))
        by_at.setdefault(at, []).append(metric)
    out: dict[str, pl.DataFrame | int] = {}
    # The window in each time column's terms (a comparison across time zones is an error);
    # callers pass only metrics whose column holds dates or date-times (``period_keys.placeable``).
    bounds = {
        at: zones.window_bounds(frame.schema.get(at, pl.Null()), start, end) or (start, end)
        for at in by_at
    }
    if not keep:
        if by_at:
            counted = [
                ((pl.col(at) >= low) & (pl.col(at) < high)).sum().alias(at)
                for at, (low, high) in bounds.items()
            ]
            counts = frame.select(counted).row(0, named=True)
            for at, members in by_at.items():
                out.update({m.id: int(counts[at]) for m in members})
        return out
    for at, members in by_at.items():
        values: dict[str, tuple[str, pl.Expr]] = {}
        column_of: dict[str, str] = {}
        for metric in members:
            # Rates keep their 0/1 outcome as booleans (1 bit a ticket instead of 64); readers
            # cast to Float64 (analyse.split_observations does).
            flag = kpis.flag_expr(metric)
            if flag is not None and kpis.KPIS[metric.kpi or ""].kind == "rate":
                value = flag.cast(pl.Boolean)
            else:
                number = kpis.value_expr(metric)
                assert number is not None
                value = number.cast(pl.Float64)
            name, _ = values.setdefault(str(value), (f"v{len(values)}", value))
            column_of[metric.id] = name
        base = frame.select(
            pl.col(at).alias("at"), *(expr.alias(name) for name, expr in values.values())
        )
        low, high = bounds[at]
        inside = ((base["at"] >= low) & (base["at"] < high)).fill_null(False)
        if not inside.all():  # all inside: no filter, so ``at`` stays the frame's own column
            base = base.filter(inside)
        for metric in members:
            out[metric.id] = base.select("at", pl.col(column_of[metric.id]).alias("value"))
    return out
