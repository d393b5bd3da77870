"""Which value of each metric becomes the next cycle's baseline when the results are adopted.

The cycle file chooses how (``[analysis] adopt_baseline``, documented in ``docs/cycle-format.md``):

- ``window_mean`` (the default): the mean of the period values from the change date on (of the
  whole cycle when it has no change date), complete periods only: what the improved process
  delivered, not one lucky month;
- ``last_period``: the value of the last complete period;
- ``centre_line``: the centre line of the XmR chart's last phase (recalculated from the change
  date when ``recalculate_at_change``), what the process runs at now.

Incomplete periods (not over yet, or cut off) never count. A metric with no value to adopt keeps
its baseline, and says why. Values are rounded to six significant digits: a cycle file is read by
people, and the seventh digit of a monthly mean is noise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from csi_tui.analysis.results import CycleAnalysis, Status
from csi_tui.cycle.model import AdoptBaseline, Cycle, Metric
from csi_tui.data.results import ComputeResult, MetricSeries

SIGNIFICANT_DIGITS = 6
METHOD_WORDS: dict[str, str] = {
    "window_mean": "mean of the periods from the change date on",
    "last_period": "the last complete period",
    "centre_line": "the centre line of the control chart's last phase",
}


@dataclass(frozen=True)
class AdoptedValue:
    """One metric's baseline now, the value adopted in its place, and whether it met the target."""

    metric_id: str
    name: str
    unit: str
    method: AdoptBaseline
    baseline: float | None  # the baseline in the cycle file now
    value: float | None  # the new baseline; None: nothing to adopt, the baseline stays
    periods: tuple[str, ...]  # the periods the value was taken from
    target: float | None
    status: Status  # from the analysis (met, at_risk, missed, unknown)
    note: str = ""  # why there is no value, in a sentence

    @property
    def has_target(self) -> bool:
        return self.target is not None

    @property
    def meets_target(self) -> bool:
        return self.status == "met"

    @property
    def next_baseline(self) -> float | None:
        """What the next cycle's file says: the adopted value, else the baseline kept."""
        return self.value if self.value is not None else self.baseline


def round_value(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    digits = SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(abs(value)))
    return round(value, digits)


def _usable(series: MetricSeries | None) -> list[tuple[str, date, float]]:
    if series is None:
        return []
    return [
        (p.period, p.start, float(p.value))
        for p in series.periods
        if p.complete and p.value is not None and math.isfinite(p.value)
    ]


def adopted_value(
    cycle: Cycle,
    metric: Metric,
    result: ComputeResult | None,
    analysis: CycleAnalysis | None,
    method: AdoptBaseline | None = None,
) -> AdoptedValue:
    chosen: AdoptBaseline = method or cycle.analysis.adopt_baseline
    series = result.metric(metric.id) if result is not None else None
    found = analysis.metric(metric.id) if analysis is not None else None
    status: Status = found.expectation.status if found is not None else "unknown"
    value: float | None = None
    periods: tuple[str, ...] = ()
    note = ""
    usable = _usable(series)
    if chosen == "window_mean":
        change = cycle.analysis.change_date
        window = [(label, v) for label, start, v in usable if change is None or start >= change]
        if window:
            value = sum(v for _, v in window) / len(window)
            periods = tuple(label for label, _ in window)
        else:
            note = (
                f"no complete period from the change date {change} on"
                if change is not None
                else "no complete period with a value"
            )
    elif chosen == "last_period":
        if usable:
            label, _start, value = usable[-1]
            periods = (label,)
        else:
            note = "no complete period with a value"
    else:
        phase = found.chart.current if found is not None else None
        if phase is not None:
            value = phase.centre
            labels = [p.period for p in found.chart.points] if found is not None else []
            periods = tuple(labels[phase.calc_start : phase.calc_end + 1])
        else:
            note = "too few values for a control chart"
    return AdoptedValue(
        metric_id=metric.id,
        name=metric.name,
        unit=metric.unit,
        method=chosen,
        baseline=metric.baseline,
        value=round_value(value) if value is not None else None,
        periods=periods,
        target=metric.target,
        status=status,
        note=note,
    )


def adopted_values(
    cycle: Cycle,
    result: ComputeResult | None,
    analysis: CycleAnalysis | None,
    method: AdoptBaseline | None = None,
) -> tuple[AdoptedValue, ...]:
    """The value adopted for every metric of the cycle, in the file's order."""
    return tuple(adopted_value(cycle, m, result, analysis, method) for m in cycle.metrics)


def not_met(values: Sequence[AdoptedValue]) -> tuple[AdoptedValue, ...]:
    """The metrics with a target that the results do not meet (adopting them needs a reason)."""
    return tuple(v for v in values if v.has_target and not v.meets_target)
