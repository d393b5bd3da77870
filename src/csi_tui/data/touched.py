"""What an edit leaves as it was: the parts of the previous result a new compute can keep.

A metric keeps its series when what it computes (``edit_impact.result_part``) and its source's
definition are unchanged; a source whose definition and metrics are all unchanged keeps its
report and is not read. Everything else is computed again, on its source read with the new
cycle's whole plan (the same frame a full compute reads), so the result equals a full compute.

Nothing is kept when what every value depends on changed: the periods (``cycle_part``), the
folder paths are relative to, whether per-ticket values are kept (a change date), or the day
(the prepared-source and result caches key on the day too). A part that carried a problem
(its source unusable, a column missing, a bad formula) is computed again, so the problems come
out as a full compute gives them, with the keys of the new cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from csi_tui.cycle.edit_impact import cycle_part, result_part
from csi_tui.cycle.model import Cycle, Metric
from csi_tui.data.observations import wants_observations
from csi_tui.data.plan import SourcePlan, plan_cycle
from csi_tui.data.results import ComputeResult, Finding, MetricSeries, SourceReport

Previous = tuple[Cycle, ComputeResult]
# Findings that stand for a problem (``ComputeResult.problems``): their part is computed again.
PROBLEM_CODES = frozenset({"source_unusable", "missing_column", "metric_error"})


@dataclass(frozen=True)
class Kept:
    reports: dict[str, SourceReport] = field(default_factory=dict)  # sources not read at all
    series: dict[str, MetricSeries] = field(default_factory=dict)  # metrics not computed

    def to_compute(self, plan: SourcePlan) -> list[Metric] | None:
        """The metrics of ``plan`` to compute, or None when its source is kept whole."""
        if plan.id in self.reports:
            return None
        return [m for m in plan.metrics if m.id not in self.series]


def kept_parts(
    cycle: Cycle, plans: tuple[SourcePlan, ...], now: datetime, previous: Previous | None
) -> Kept:
    """What of ``previous`` (the cycle before the edit and its result) ``cycle`` can keep."""
    if previous is None or not _same_ground(previous, cycle, now):
        return Kept()
    old_cycle, old = previous
    old_plans = {p.id: p for p in plan_cycle(old_cycle)}
    old_reports = {r.id: r for r in old.sources}
    old_series = {s.metric_id: s for s in old.metrics}
    kept = Kept()
    for plan in plans:
        before = old_plans.get(plan.id)
        report = old_reports.get(plan.id)
        if before is None or report is None or before.source != plan.source:
            continue
        was = {m.id: m for m in before.metrics}
        for metric in plan.metrics:
            old_metric, series = was.get(metric.id), old_series.get(metric.id)
            if old_metric is None or series is None or _has_problem(series.findings):
                continue
            if result_part(old_metric) == result_part(metric):
                kept.series[metric.id] = series
        same_metrics = set(was) == {m.id for m in plan.metrics}
        all_kept = all(m.id in kept.series for m in plan.metrics)
        if same_metrics and all_kept and not _has_problem(report.findings):
            kept.reports[plan.id] = report
    return kept


def _same_ground(previous: Previous, cycle: Cycle, now: datetime) -> bool:
    old_cycle, old = previous
    return (
        cycle_part(old_cycle.cycle) == cycle_part(cycle.cycle)
        and old_cycle.path == cycle.path
        and wants_observations(old_cycle) == wants_observations(cycle)
        and old.computed_at is not None
        and old.computed_at.date() == now.date()
        and old.grain == cycle.cycle.grain
        and old.timezone == cycle.cycle.timezone
    )


def _has_problem(findings: tuple[Finding, ...]) -> bool:
    return any(f.code in PROBLEM_CODES for f in findings)
