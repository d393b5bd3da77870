"""Step 5 for a cycle: every metric's expectation, trend, control chart, assurance, before/after
comparison, guardrails and verdict, from the data engine's ``ComputeResult``.

Periods marked incomplete (``PeriodValue.complete`` False: a period not over yet or cut off) are
kept on the chart's axis but carry no value here, so a half month never reads as a shift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import polars as pl

from csi_tui.analysis.assurance import assess, limits_predate_change, on_old_limits
from csi_tui.analysis.bounds import bounds_of
from csi_tui.analysis.compare import compare
from csi_tui.analysis.expectation import evaluate_expectation
from csi_tui.analysis.fmt import finite
from csi_tui.analysis.guardrails import check_guardrail, missing_guardrail
from csi_tui.analysis.results import (
    Comparison,
    CycleAnalysis,
    GuardrailFlag,
    MetricAnalysis,
    Trend,
)
from csi_tui.analysis.trend import analyse_trend
from csi_tui.analysis.verdict import build_verdict
from csi_tui.analysis.xmr import control_chart
from csi_tui.cycle.model import Analysis, Cycle, Metric
from csi_tui.data.results import ComputeResult, MetricSeries

_UNITS = {"ns": 1_000_000_000, "us": 1_000_000, "ms": 1_000}


@dataclass(frozen=True)
class Prepared:
    """A metric's period values laid out for the statistics."""

    values: tuple[float | None, ...]
    labels: tuple[str, ...]
    starts: tuple[date, ...]
    ends: tuple[date, ...]
    baseline: tuple[int, int] | None
    change_index: int | None
    warnings: tuple[str, ...]


def prepare(series: MetricSeries | None, settings: Analysis) -> Prepared:
    periods = series.periods if series is not None else ()
    warnings: list[str] = []
    incomplete = [p.period for p in periods if not p.complete]
    if incomplete:
        warnings.append(
            f"left out as incomplete: {', '.join(incomplete)} (the period is not over or cut off)"
        )
    values = tuple(finite(p.value) if p.complete else None for p in periods)
    starts = tuple(p.start for p in periods)
    ends = tuple(p.end for p in periods)
    baseline = None
    if settings.baseline_start is not None or settings.baseline_end is not None:
        lo = settings.baseline_start or date.min
        hi = settings.baseline_end or date.max
        inside = [i for i, p in enumerate(periods) if lo <= p.start <= hi]
        if inside:
            baseline = (inside[0], inside[-1])
        else:
            warnings.append(
                f"no period starts inside the baseline window {lo} to {hi}: limits use all points"
                " before the change"
            )
    change_index = None
    if settings.change_date is not None:
        change_index = next(
            (i for i, p in enumerate(periods) if p.start >= settings.change_date), None
        )
    return Prepared(
        values=values,
        labels=tuple(p.period for p in periods),
        starts=starts,
        ends=ends,
        baseline=baseline,
        change_index=change_index,
        warnings=tuple(warnings),
    )


def split_observations(
    observations: pl.DataFrame, change: date
) -> tuple[np.ndarray, np.ndarray] | None:
    """Values before / after the start of the change date: midnight in the column's time zone,
    or midnight wall time for naive datetimes. None when the frame lacks the ``at`` / ``value``
    columns."""
    if "at" not in observations.columns or "value" not in observations.columns:
        return None
    at = observations.get_column("at")
    value = observations.get_column("value").cast(pl.Float64, strict=False)
    if at.dtype == pl.Date:
        mask = at < change
    elif isinstance(at.dtype, pl.Datetime):
        unit = at.dtype.time_unit
        tz_name = at.dtype.time_zone
        if tz_name is not None:
            try:
                zone: ZoneInfo | None = ZoneInfo(tz_name)
            except ZoneInfoNotFoundError:
                zone = None
            cut = datetime.combine(change, time(), tzinfo=zone or UTC)
        else:
            # naive values are wall-clock times; polars stores them as if they were UTC
            cut = datetime.combine(change, time(), tzinfo=UTC)
        cut_int = int(cut.timestamp()) * _UNITS[unit]
        mask = at.to_physical() < cut_int
    else:
        return None
    keep = at.is_not_null() & value.is_not_null()
    before = value.filter(keep & mask).to_numpy()
    after = value.filter(keep & ~mask).to_numpy()
    return before, after


def compare_metric(
    series: MetricSeries | None, prep: Prepared, settings: Analysis, direction: str, unit: str
) -> Comparison | None:
    change = settings.change_date
    if change is None:
        return None
    rate = series is not None and series.kind == "rate"
    split = None
    if series is not None and series.observations is not None:
        split = split_observations(series.observations, change)
    if split is not None:
        before, after = split
        return compare(
            before, after, basis="observations", change_date=change, direction=direction,
            rate=rate, scale=100.0 if rate and unit.strip() == "%" else 1.0,
            alpha=settings.alpha, min_points=settings.min_points, seed=settings.seed,
        )  # fmt: skip
    # per-period values: a period straddling the change belongs to neither side
    before_p = [v for v, e in zip(prep.values, prep.ends, strict=True) if e <= change]
    after_p = [v for v, s in zip(prep.values, prep.starts, strict=True) if s >= change]
    return compare(
        before_p, after_p, basis="periods", change_date=change, direction=direction,
        alpha=settings.alpha, min_points=settings.min_points, seed=settings.seed,
    )  # fmt: skip


@dataclass(frozen=True)
class Basics:
    """What a metric's own guardrail check needs, computed once per cycle."""

    prep: Prepared
    trend: Trend
    comparison: Comparison | None


def basics(
    metric: Metric,
    series: MetricSeries | None,
    cycle: Cycle,
    *,
    comparison: Comparison | None = None,
) -> Basics:
    """``comparison``: one made already on the same data, settings, direction and unit (the
    before/after test is most of the work on a large cycle); else it is made here."""
    settings = cycle.analysis
    prep = prepare(series, settings)
    unit = metric.unit or (series.unit if series is not None else "")
    trend = analyse_trend(
        prep.values, prep.labels, direction=metric.direction, target=metric.target,
        alpha=settings.alpha, starts=prep.starts, grain=cycle.cycle.grain,
    )  # fmt: skip
    if comparison is None:
        comparison = compare_metric(series, prep, settings, metric.direction, unit)
    return Basics(prep, trend, comparison)


def _improved(comparison: Comparison | None, trend: Trend) -> bool:
    if comparison is not None and comparison.enough:
        return comparison.label == "improvement"
    return trend.label == "improvement"


def analyse_metric(
    metric: Metric,
    series: MetricSeries | None,
    cycle: Cycle,
    *,
    others: Mapping[str, MetricSeries] | None = None,
    cache: dict[str, Basics] | None = None,
) -> MetricAnalysis:
    """Everything step 5 says about one metric. ``others`` holds the series of the other metrics
    (by id), for its guardrails; ``cache`` (metric id -> Basics) saves analysing a guardrail
    metric twice within a cycle."""
    settings = cycle.analysis
    grain = cycle.cycle.grain
    cache = {} if cache is None else cache
    if metric.id not in cache:
        cache[metric.id] = basics(metric, series, cycle)
    prep, trend, comparison = (
        cache[metric.id].prep,
        cache[metric.id].trend,
        cache[metric.id].comparison,
    )
    warnings = list(prep.warnings)
    if series is None:
        warnings.insert(0, "the data engine returned no values for this metric")
    unit = metric.unit or (series.unit if series is not None else "")
    expectation = evaluate_expectation(
        prep.values, prep.labels, direction=metric.direction, baseline=metric.baseline,
        target=metric.target, amber=metric.amber,
    )  # fmt: skip
    chart = control_chart(
        prep.values, prep.labels, direction=metric.direction, baseline=prep.baseline,
        change_index=prep.change_index, recalculate=settings.recalculate_at_change,
        min_points=settings.min_points, bounds=bounds_of(metric, prep.values), unit=unit,
    )  # fmt: skip
    warnings.extend(chart.bound_notes)
    assurance = assess(chart, metric.target, metric.direction, grain)
    if limits_predate_change(chart.current, prep.change_index):
        assurance = on_old_limits(
            assurance,
            shifted=comparison is not None and comparison.significant,
            recalculate=settings.recalculate_at_change,
        )
    primary_improved = _improved(comparison, trend)

    guards: list[GuardrailFlag] = []
    for guard_id in metric.guardrails:
        guard = cycle.metric(guard_id)
        if guard is None:
            guards.append(missing_guardrail(guard_id, "no metric with this id in the cycle"))
            continue
        g_series = (others or {}).get(guard_id)
        if g_series is None:
            guards.append(missing_guardrail(guard_id, "the data engine returned no values"))
            continue
        if guard_id not in cache:
            cache[guard_id] = basics(guard, g_series, cycle)
        g_prep, g_trend, g_cmp = (
            cache[guard_id].prep,
            cache[guard_id].trend,
            cache[guard_id].comparison,
        )
        present = [v for v in g_prep.values if v is not None]
        flag = check_guardrail(
            guard, primary_name=metric.name, primary_improved=primary_improved,
            comparison=g_cmp, trend=g_trend, first=present[0] if present else None,
            latest=present[-1] if present else None,
        )  # fmt: skip
        guards.append(flag)
    verdict, lines = build_verdict(
        metric, values=prep.values, change_index=prep.change_index, expectation=expectation,
        trend=trend, chart=chart, assurance=assurance, comparison=comparison,
        guardrails=guards, grain=grain,
    )  # fmt: skip
    return MetricAnalysis(
        metric_id=metric.id,
        name=metric.name,
        unit=unit,
        direction=metric.direction,
        expectation=expectation,
        trend=trend,
        chart=chart,
        assurance=assurance,
        comparison=comparison,
        guardrails=tuple(guards),
        verdict=verdict,
        lines=lines,
        warnings=tuple(warnings),
    )


def analyse_cycle(cycle: Cycle, result: ComputeResult) -> CycleAnalysis:
    """Step 5 for every metric of the cycle, in the cycle's order."""
    by_id = {m.metric_id: m for m in result.metrics}
    cache: dict[str, Basics] = {}
    metrics = tuple(
        analyse_metric(metric, by_id.get(metric.id), cycle, others=by_id, cache=cache)
        for metric in cycle.metrics
    )
    warnings = []
    if cycle.analysis.change_date is None:
        warnings.append("no change date in [analysis]: no before/after comparison")
    return CycleAnalysis(cycle_id=cycle.id, metrics=metrics, warnings=tuple(warnings))
