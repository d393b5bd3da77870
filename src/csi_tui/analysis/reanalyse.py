"""Step 5 again after an edit of expectations only (target, amber, baseline, direction, names):
the same numbers as ``analyse_cycle`` gives, without redoing what the edit cannot change.

The before/after comparison (Mann-Whitney, Welch, a bootstrap over every ticket) is most of the
analysis of a large cycle, and it depends on the data, the analysis settings, the direction and the
unit alone: it is kept from the previous analysis when those did not change. Metrics the edit does
not touch (not edited, not having an edited metric as a guardrail) are kept whole.
"""

from __future__ import annotations

from csi_tui.analysis.analyse import Basics, analyse_cycle, analyse_metric, basics
from csi_tui.analysis.results import CycleAnalysis
from csi_tui.cycle.model import Cycle
from csi_tui.data.results import ComputeResult


def reanalyse_cycle(
    cycle: Cycle, result: ComputeResult, previous: CycleAnalysis, before: Cycle
) -> CycleAnalysis:
    """``analyse_cycle(cycle, result)`` when ``previous`` was ``analyse_cycle(before, result)``."""
    if not _same_frame(cycle, previous, before):
        return analyse_cycle(cycle, result)
    old = {m.id: m for m in before.metrics}
    changed = {m.id for m in cycle.metrics if old[m.id] != m}
    if not changed:
        return previous
    by_id = {s.metric_id: s for s in result.metrics}
    touched = changed | {m.id for m in cycle.metrics if changed & set(m.guardrails)}
    cache: dict[str, Basics] = {}
    metrics = []
    for n, metric in enumerate(cycle.metrics):
        if metric.id not in touched:
            metrics.append(previous.metrics[n])
            continue
        for ident in (metric.id, *metric.guardrails):
            now = cycle.metric(ident)
            if now is None or ident in cache:
                continue
            kept = previous.metric(ident)
            # the comparison depends on the data, the settings, the direction and the unit
            same = (now.direction, now.unit) == (old[ident].direction, old[ident].unit)
            reuse = kept.comparison if kept is not None and same else None
            cache[ident] = basics(now, by_id.get(ident), cycle, comparison=reuse)
        metrics.append(
            analyse_metric(metric, by_id.get(metric.id), cycle, others=by_id, cache=cache)
        )
    return CycleAnalysis(cycle_id=cycle.id, metrics=tuple(metrics), warnings=previous.warnings)


def keeps_every_comparison(cycle: Cycle, previous: CycleAnalysis, before: Cycle) -> bool:
    """``reanalyse_cycle`` keeps every before/after comparison: it runs no test over the tickets
    again and takes a few milliseconds whatever the size of the data."""
    if not _same_frame(cycle, previous, before):
        return False
    old = {m.id: m for m in before.metrics}
    return all(
        (m.direction, m.unit) == (old[m.id].direction, old[m.id].unit) for m in cycle.metrics
    )


def _same_frame(cycle: Cycle, previous: CycleAnalysis, before: Cycle) -> bool:
    """The same periods, settings and metrics: only expectations and names may differ."""
    return (
        before.analysis == cycle.analysis
        and before.cycle == cycle.cycle
        and [m.id for m in before.metrics] == [m.id for m in cycle.metrics]
        and previous.cycle_id == cycle.id
        and [m.metric_id for m in previous.metrics] == [m.id for m in cycle.metrics]
    )
