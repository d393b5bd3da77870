"""The values a metric can take at all: counts, durations and ratios never go below zero, and
percentages never above 100. Control limits and chart axes stop there, so a chair is never shown
an LCL of -34.5 h or a reopen rate of -0.8%."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from csi_tui.cycle.model import Metric
from csi_tui.data.kpi_registry import KPIS, Measure

# Custom formulas and pre-aggregated values say what they are only through their unit.
_DURATION_UNITS = {"h", "hours", "min", "minutes", "s", "seconds", "d", "days", "ms"}


@dataclass(frozen=True)
class Bounds:
    lower: float | None = None
    upper: float | None = None
    what: str = ""  # "a count", "a duration", "a percentage": why the bound holds

    def clamp(self, value: float) -> float:
        if self.lower is not None and value < self.lower:
            return self.lower
        if self.upper is not None and value > self.upper:
            return self.upper
        return value


NONE = Bounds()
# A built-in KPI's bounds, by what its values are (``Kpi.measure`` in the KPI registry).
_BY_MEASURE: dict[Measure, Bounds] = {
    "count": Bounds(0.0, None, "a count"),
    "duration": Bounds(0.0, None, "a duration"),
    "percentage": Bounds(0.0, 100.0, "a percentage"),
    "ratio": Bounds(0.0, None, "a ratio"),
}


def natural_bounds(metric: Metric) -> Bounds:
    """The range every value of ``metric`` lies in by its nature; unbounded when unknown."""
    kpi = metric.kpi
    spec = KPIS.get(kpi) if kpi is not None else None
    if spec is not None and spec.measure is not None:
        return _BY_MEASURE[spec.measure]
    if kpi is None or kpi == "value":
        unit = metric.unit.strip().lower()
        if unit == "%":
            # A custom percentage may be a change (-12%): ``bounds_of`` uses this only when
            # every value lies in it.
            return Bounds(0.0, 100.0, "a percentage")
        if unit in _DURATION_UNITS:
            return Bounds(0.0, None, "a duration")
    return NONE


def bounds_of(metric: Metric, values: Sequence[float | None]) -> Bounds:
    """``natural_bounds`` when every value lies inside them; else none (the unit misled us, or
    the data is odd, and clamping would hide it)."""
    bounds = natural_bounds(metric)
    present = [v for v in values if v is not None and math.isfinite(v)]
    if any(bounds.clamp(v) != v for v in present):
        return NONE
    return bounds
