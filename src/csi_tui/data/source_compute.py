"""One source's part of a compute: its rows read as its plan says, its report's period findings,
and the values of the metrics asked for (all of them, or those an edit touched)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import polars as pl

from csi_tui.cycle.model import Cycle, Metric
from csi_tui.data import columns as cols
from csi_tui.data import compaction, kpis
from csi_tui.data.metric_values import compute_metric
from csi_tui.data.observations import observations_many, wants_observations
from csi_tui.data.period_checks import period_findings
from csi_tui.data.period_keys import placeable, placing_columns, with_keys
from csi_tui.data.periods import Period
from csi_tui.data.plan import SourcePlan
from csi_tui.data.prepare import PreparedSource, broken_source, prepare_source
from csi_tui.data.results import Finding, MetricSeries, PeriodValue, SourceReport
from csi_tui.data.source_cache import load_prepared, save_prepared
from csi_tui.errors import CsiError, Problem


@dataclass(frozen=True)
class SourceOutcome:
    report: SourceReport
    series: dict[str, MetricSeries]  # metric id -> its values, for the metrics asked for
    read_problems: tuple[Problem, ...] = ()  # the source's own (missing file, column, no rows)
    metric_problems: dict[str, tuple[Problem, ...]] = field(default_factory=dict)


def compute_source(
    cycle: Cycle,
    plan: SourcePlan,
    metrics: Sequence[Metric],
    periods: tuple[Period, ...],
    now: datetime,
    *,
    use_cache: bool,
    progress: Callable[[str], None],
) -> SourceOutcome:
    """The source read with its whole plan (the same frame whichever ``metrics`` are asked for,
    so the prepared-source cache serves both) and those metrics computed on it."""
    progress(f"reading {plan.id}")
    prep = load(cycle, plan, now, use_cache)
    if prep.frame.height == 0:
        none = {m.id: without_values(m, periods, now, unusable(m)) for m in metrics}
        return SourceOutcome(prep.report, none, prep.problems)
    # From here on this frame is the only holder of the rows (see drop_times_after_keys).
    frame, prep = prep.frame, replace(prep, frame=prep.frame.clear())
    # Compacted first: the keys' working memory then comes on top of 1-byte counts.
    frame = compaction.compact_counts(plan, frame)
    frame = with_keys(frame, cycle.cycle.grain, placing_columns(plan, frame))
    columns = tuple(frame.columns)
    if wants_observations(cycle):
        # Kept observations live to the end: taken after the group-bys, they reuse the memory
        # those freed.
        batched, counted = _batched(plan, metrics, frame, columns, periods)
        shared = _shared(cycle, metrics, frame, columns, True)
    else:
        # Only counted: counting first lets the datetimes go before the group-bys.
        shared = _shared(cycle, metrics, frame, columns, False)
        frame = compaction.drop_times_after_keys(plan, metrics, frame, shared)
        batched, counted = _batched(plan, metrics, frame, columns, periods)
    report, incomplete = _with_period_findings(cycle, prep.report, periods, counted, now)
    series: dict[str, MetricSeries] = {}
    problems: dict[str, tuple[Problem, ...]] = {}
    for metric in metrics:
        progress(f"computing {metric.id}")
        try:
            series[metric.id] = compute_metric(
                cycle,
                metric,
                frame,
                periods,
                incomplete,
                batched.get(metric.id),
                shared.get(metric.id),
                columns,
            )
        except CsiError as error:
            problems[metric.id] = error.problems
            found = [_metric_error(metric, p) for p in error.problems]
            series[metric.id] = without_values(metric, periods, now, found)
    return SourceOutcome(report, series, prep.problems, problems)


def load(cycle: Cycle, plan: SourcePlan, now: datetime, use_cache: bool) -> PreparedSource:
    source, needed, signs = plan.source, plan.needed, plan.counts_read_as_signs
    try:
        if use_cache:
            hit = load_prepared(cycle, source, needed, now, signs)
            if hit is not None:
                return hit
        prep = prepare_source(cycle, source, needed, now, signs)
    except CsiError as error:
        return broken_source(cycle, source, error)
    if use_cache and not prep.problems:
        save_prepared(cycle, source, needed, now, prep, signs)
    return prep


def _batched(
    plan: SourcePlan,
    metrics: Sequence[Metric],
    frame: pl.DataFrame,
    columns: tuple[str, ...],
    periods: tuple[Period, ...],
) -> tuple[dict[str, pl.DataFrame], dict[date, int]]:
    """Row-wise KPIs and backlogs without their own filter or breakdown, and the source's rows
    per period (for the quality checks): one group-by per time column."""
    mine = [m for m in metrics if not m.filter]
    plain = [
        m
        for m in mine
        if m.kpi in kpis.ROW_WISE
        and all(c in columns for c in kpis.needed_columns(m))
        and placeable(m, frame)
    ]
    backlogs = [
        m
        for m in mine
        if m.kpi in kpis.FROM_FLOWS
        and not m.breakdowns
        and all(kpis.pkey(c) in frame.columns for c in (kpis.OPENED, kpis.RESOLVED))
    ]
    date_col = cols.DATE_COLUMN[plan.source.kind]
    done = kpis.batch(
        plain,
        frame,
        hours_guarded=plan.hours_kept_nonnegative,
        counted=(date_col,),
        flows=bool(backlogs),
    )
    out = dict(done.tables)
    counted = dict(done.rows[date_col].select(kpis.P, "n").iter_rows())
    if done.flows is not None:
        table = kpis.backlog_from_flows(done.flows, (), periods)
        out.update({m.id: table for m in backlogs})
    return out, counted


def _shared(
    cycle: Cycle,
    metrics: Sequence[Metric],
    frame: pl.DataFrame,
    columns: tuple[str, ...],
    keep: bool,
) -> dict[str, pl.DataFrame | int]:
    """Observations (or their number) of the observed KPIs without their own filter."""
    plain = [
        m
        for m in metrics
        if m.kpi is not None
        and kpis.KPIS[m.kpi].observed
        and not m.filter
        and all(c in columns for c in kpis.needed_columns(m))
        and placeable(m, frame)
    ]
    return observations_many(cycle, plain, frame, keep)


def _with_period_findings(
    cycle: Cycle,
    report: SourceReport,
    periods: tuple[Period, ...],
    counted: dict[date, int],
    now: datetime,
) -> tuple[SourceReport, set[str]]:
    """The report with its per-period findings, and the periods it leaves incomplete."""
    last = report.date_max.date() if report.date_max else None
    first = report.date_min.date() if report.date_min else None
    source = cycle.source(report.id)
    assert source is not None  # reports come from the cycle's sources
    found, marks = period_findings(
        source, periods, counted, now.date(), last, cycle.cycle.end, first
    )
    return replace(report, findings=report.findings + tuple(found)), marks


def unusable(metric: Metric) -> list[Finding]:
    return [
        Finding(
            "error",
            "source_unusable",
            f"{metric.id}: source {metric.source!r} could not be used, so this metric has no "
            "values",
            f"fix the error shown for source {metric.source!r} (step 3 Gather)",
            source=metric.source,
            metric=metric.id,
        )
    ]


def _metric_error(metric: Metric, problem: Problem) -> Finding:
    code = "missing_column" if "needs column" in problem.message else "metric_error"
    where = f" ({problem.key})" if problem.key else ""
    return Finding(
        "error",
        code,
        f"{problem.message}{where}",
        problem.hint or "",
        source=metric.source,
        metric=metric.id,
    )


def without_values(
    metric: Metric, periods: tuple[Period, ...], now: datetime, findings: Collection[Finding]
) -> MetricSeries:
    """A metric that could not be computed: every period without a value, and why."""
    kind: kpis.Kind = kpis.KPIS[metric.kpi].kind if metric.kpi else "custom"
    today = now.date()
    values = tuple(PeriodValue(p.label, p.start, p.end, None, 0, p.end <= today) for p in periods)
    return MetricSeries(
        metric_id=metric.id,
        unit=metric.unit,
        periods=values,
        kind=kind,
        findings=tuple(findings),
    )
