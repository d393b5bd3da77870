"""The values a metric can take at all: counts, durations and ratios never go below zero, and
percentages never above 100. Control limits and chart axes stop there, so a chair is never shown
an LCL of -34.5 h or a reopen rate of -0.8%."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from csi_tui.cycle.model import Metric

_COUNTS = {"volume", "resolved", "backlog", "outage_count"}
_DURATIONS = {"mttr_mean", "mttr_median", "mttr_p90", "mtbf"}
_PERCENTAGES = {
    "sla_compliance",
    "reopen_rate",
    "first_assignment_resolution",
    "escalation_rate",
    "major_incident_rate",
    "availability",
}
_RATIOS = {"flow_ratio"}
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


def natural_bounds(metric: Metric) -> Bounds:
    """The range every value of ``metric`` lies in by its nature; unbounded when unknown."""
    kpi = metric.kpi
    if kpi in _COUNTS:
        return Bounds(0.0, None, "a count")
    if kpi in _DURATIONS:
        return Bounds(0.0, None, "a duration")
    if kpi in _PERCENTAGES:
        return Bounds(0.0, 100.0, "a percentage")
    if kpi in _RATIOS:
        return Bounds(0.0, None, "a ratio")
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
