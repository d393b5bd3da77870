"""Build a ChartSpec from what the engine and the analysis computed for one metric.

Joins earlier cycles of the service in front of the current one (one timeline, one segment per
cycle), turns the analysis' XmR phases and signals into chart marks, and places the change date
between the periods it falls in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from csi_tui.analysis.bounds import bounds_of
from csi_tui.analysis.results import MetricAnalysis
from csi_tui.cycle.model import Metric
from csi_tui.data.results import MetricSeries, PeriodValue
from csi_tui.report.chart_spec import ChartSpec, Level, Marker, Phase, Segment, Signal

# cycle id -> (its change date, the baseline it adopted for the metric); either may be None
EarlierMarks = Mapping[str, tuple[date | None, float | None]]


def chart_title(metric: Metric) -> str:
    unit = f", {metric.unit}" if metric.unit else ""
    return f"{metric.name}{unit} ({metric.direction} is better)"


def change_position(periods: Sequence[PeriodValue], change: date | None) -> float | None:
    """x position of the change date: between the last period before it and the first after."""
    if change is None or not periods:
        return None
    for i, p in enumerate(periods):
        if p.start <= change < p.end:
            days = max(1, (p.end - p.start).days)
            # the day's position inside its period, with the period centred on its index
            return i - 0.5 + (change - p.start).days / days
    if change < periods[0].start:
        return None
    if change >= periods[-1].end:
        return None
    # in a gap between periods: put it before the first period that starts after it
    after = next(i for i, p in enumerate(periods) if p.start > change)
    return after - 0.5


def _signals(
    analysis: MetricAnalysis, offset: int, values: Sequence[float | None]
) -> tuple[Signal, ...]:
    """One mark per flagged point: the point that completes each pattern (first rule wins)."""
    marks: dict[int, Signal] = {}
    for sig in analysis.chart.signals:
        index = sig.last + offset
        value = values[index] if 0 <= index < len(values) else None
        if value is None or index in marks:
            continue
        marks[index] = Signal(index=index, value=value, kind=sig.label, rule=sig.name)
    return tuple(sorted(marks.values(), key=lambda s: s.index))


def build_spec(
    metric: Metric,
    series: MetricSeries | None,
    analysis: MetricAnalysis | None = None,
    change_date: date | None = None,
    earlier: Sequence[tuple[str, MetricSeries]] = (),
    cycle_label: str = "this cycle",
    earlier_marks: EarlierMarks | None = None,
) -> ChartSpec:
    """The chart of one metric; ``earlier``: (cycle id, series) of earlier cycles, oldest first;
    ``earlier_marks``: their change dates and adopted baselines, marked on their segments."""
    periods: list[PeriodValue] = []
    segments: list[Segment] = []
    changes: list[Marker] = []
    levels: list[Level] = []
    current = list(series.periods) if series is not None else []
    first_current = current[0].start if current else None
    for label, old in earlier:
        # Only periods before this cycle's first: a period is shown once, from the newest cycle.
        seen = {p.period for p in periods}
        keep = [
            p
            for p in old.periods
            if p.period not in seen and (first_current is None or p.start < first_current)
        ]
        if keep:
            start = len(periods)
            segments.append(Segment(start, start + len(keep), label, current=False))
            change, adopted = (earlier_marks or {}).get(label, (None, None))
            at = change_position(keep, change)
            if at is not None:
                changes.append(Marker(at + start, label))
            if adopted is not None:
                levels.append(Level(start, start + len(keep), adopted, label))
            periods.extend(keep)
    offset = len(periods)
    if current:
        segments.append(Segment(offset, offset + len(current), cycle_label, current=True))
        periods.extend(current)
    values = tuple(p.value for p in periods)
    bounds = bounds_of(metric, values)
    phases: tuple[Phase, ...] = ()
    signals: tuple[Signal, ...] = ()
    if analysis is not None:
        # The analysis holds its limits to the metric's natural range; so does the chart.
        phases = tuple(
            Phase(
                start=ph.start + offset,
                end=ph.end + 1 + offset,
                centre=ph.centre,
                lower=bounds.clamp(ph.lcl),
                upper=bounds.clamp(ph.ucl),
            )
            for ph in analysis.chart.phases
        )
        signals = _signals(analysis, offset, values)
    return ChartSpec(
        title=chart_title(metric),
        unit=metric.unit,
        labels=tuple(p.period for p in periods),
        values=values,
        target=metric.target,
        baseline=metric.baseline,
        phases=phases,
        change_at=change_position(periods, change_date),
        change_label=change_date.isoformat() if change_date else "",
        signals=signals,
        segments=tuple(segments) if len(segments) > 1 else (),
        incomplete=tuple(i for i, p in enumerate(periods) if not p.complete),
        floor=bounds.lower,
        ceiling=bounds.upper,
        earlier_changes=tuple(changes),
        adopted=tuple(levels),
    )
