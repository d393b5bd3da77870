"""The data engine: a cycle in, every metric per period (with quality findings) out.

``compute_cycle`` is what ``csi-tui compute``, the analysis and the TUI call; ``preview_source``
gives the TUI a quick look at one source (schema and first rows) without computing anything.
Each source is computed by its ``SourcePlan`` (``plan``, ``source_compute``); after an edit,
``previous`` keeps what the edit left as it was (``touched``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import polars as pl

from csi_tui.cycle.model import Cycle
from csi_tui.data import kpis
from csi_tui.data.metric_values import compute_metric
from csi_tui.data.periods import periods_between, periods_frame
from csi_tui.data.plan import SourcePlan, metric_key, needed_for_source, plan_cycle
from csi_tui.data.prepare import plan_source, source_key
from csi_tui.data.results import ComputeResult, MetricSeries, SourceReport
from csi_tui.data.source_cache import load_result, save_result
from csi_tui.data.source_compute import SourceOutcome, compute_source
from csi_tui.data.touched import Kept, Previous, kept_parts
from csi_tui.errors import CsiError, Problem

Progress = Callable[[str, float], None]


def compute_cycle(
    cycle: Cycle,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    now: datetime | None = None,
    keep_going: bool = False,
    previous: Previous | None = None,
) -> ComputeResult:
    """Compute every metric of ``cycle`` per period. ``now`` (default: the clock) decides which
    periods are not over yet. ``previous``: the cycle before an edit and its result; what the
    edit left as it was is kept from it, not computed again (``touched``).

    Errors in the cycle's definition (a metric naming an unknown source or KPI) raise
    ``CsiError``. With ``keep_going``, a source that cannot be used (missing file, unreadable, no
    rows left) or a metric that cannot be computed (a column it needs is missing, a bad filter or
    formula) does not stop the others: it gets error findings (on its source report, on the
    metric) and no values, and ``ComputeResult.problems`` lists what went wrong in the CLI's
    form. Without it (the default, what callers written before got) those problems are raised
    together as one ``CsiError`` once everything else has been tried."""
    now = _in_zone(now, cycle.cycle.timezone)
    report = progress or (lambda _m, _f: None)
    _check_metrics(cycle)
    if use_cache:
        cached = load_result(cycle, now)
        if cached is not None:
            report("loaded from cache", 1.0)
            return cached
    plans = plan_cycle(cycle)
    kept = kept_parts(cycle, plans, now, previous)
    step = _stepper(plans, kept, report)
    periods = periods_between(cycle.cycle.start, cycle.cycle.end, cycle.cycle.grain)
    outcomes: dict[str, SourceOutcome] = {}
    for plan in plans:
        metrics = kept.to_compute(plan)
        if metrics is not None:
            outcome = compute_source(
                cycle, plan, metrics, periods, now, use_cache=use_cache, progress=step
            )
            outcomes[plan.id] = outcome
    result = _assembled(cycle, plans, outcomes, kept, now)
    if result.problems and not keep_going:
        raise CsiError(result.problems)
    if use_cache and not result.problems:  # a broken source is read afresh once it is fixed
        save_result(cycle, now, result)
    report("done", 1.0)
    return result


def _in_zone(now: datetime | None, zone: str) -> datetime:
    """``now`` (default: the clock) in the cycle's zone: comparisons with the data need it
    (polars compares zones strictly)."""
    now = now or datetime.now(ZoneInfo(zone))
    now = now.replace(tzinfo=ZoneInfo(zone)) if now.tzinfo is None else now
    return now.astimezone(ZoneInfo(zone))


def _stepper(plans: tuple[SourcePlan, ...], kept: Kept, report: Progress) -> Callable[[str], None]:
    """Progress by steps: each source read and each metric computed is one."""
    todo = [kept.to_compute(p) for p in plans]
    steps = sum(1 + len(m) for m in todo if m is not None)
    done = [0]

    def step(message: str) -> None:
        report(message, done[0] / max(steps, 1))
        done[0] += 1

    return step


def _assembled(
    cycle: Cycle,
    plans: tuple[SourcePlan, ...],
    outcomes: dict[str, SourceOutcome],
    kept: Kept,
    now: datetime,
) -> ComputeResult:
    """The result in the cycle's order, from what was computed and what was kept; the problems
    as a full compute lists them: each source's, then each metric's."""
    reports: list[SourceReport] = []
    problems: list[Problem] = []
    for plan in plans:
        outcome = outcomes.get(plan.id)
        reports.append(kept.reports[plan.id] if outcome is None else outcome.report)
        problems.extend(outcome.read_problems if outcome is not None else ())
    series: list[MetricSeries] = []
    for metric in cycle.metrics:
        outcome = outcomes.get(metric.source)
        if outcome is None or metric.id not in outcome.series:
            series.append(kept.series[metric.id])
            continue
        series.append(outcome.series[metric.id])
        problems.extend(outcome.metric_problems.get(metric.id, ()))
    return ComputeResult(
        cycle_id=cycle.id,
        grain=cycle.cycle.grain,
        timezone=cycle.cycle.timezone,
        sources=tuple(reports),
        metrics=tuple(series),
        findings=tuple(f for s in series for f in s.findings),
        computed_at=now.replace(tzinfo=None),
        problems=tuple(dict.fromkeys(problems)),
    )


def _check_metrics(cycle: Cycle) -> None:
    for metric in cycle.metrics:
        key = metric_key(cycle, metric)
        if cycle.source(metric.source) is None:
            known = ", ".join(repr(s.id) for s in cycle.sources) or "none"
            raise CsiError.one(
                f"metric {metric.id!r} uses source {metric.source!r}, which is not defined",
                file=cycle.path,
                key=f"{key}.source",
                hint=f"sources are: {known}",
            )
        if metric.kpi is None and not metric.formula:
            raise CsiError.one(
                f"metric {metric.id!r} has neither kpi nor formula",
                file=cycle.path,
                key=key,
                hint="set kpi (e.g. mttr_mean) or a SQL formula (e.g. AVG(resolution_hours))",
            )
        if metric.kpi is not None and metric.kpi not in kpis.KPIS:
            raise CsiError.one(
                f"unknown kpi {metric.kpi!r}",
                file=cycle.path,
                key=f"{key}.kpi",
                hint="built-in KPIs: " + ", ".join(kpis.KPIS),
            )


def preview_source(cycle: Cycle, source_id: str, rows: int = 50) -> pl.DataFrame:
    """The first rows of a source after parsing, mapping, rollup and derived columns (no drops,
    no quality checks): for the TUI's preview and schema. Raises CsiError like compute_cycle."""
    source = cycle.source(source_id)
    if source is None:
        raise CsiError.one(f"no source {source_id!r} in this cycle", file=cycle.path)
    plan = plan_source(cycle, source)
    try:
        if source.rollup is None:
            return plan.lazy.head(rows).collect()
        return plan.lazy.collect().head(rows)
    except pl.exceptions.PolarsError as error:
        text = str(error).strip()
        first = text.splitlines()[0] if text else type(error).__name__
        raise CsiError.one(
            f"cannot read source {source_id!r}: {first}",
            file=cycle.path,
            key=source_key(cycle, source),
        ) from error


__all__ = [
    "compute_cycle",
    "compute_metric",
    "needed_for_source",
    "periods_frame",
    "preview_source",
]
