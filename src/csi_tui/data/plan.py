"""What the engine does with one source, decided once from the cycle: a ``SourcePlan``.

The plan names the metrics that read the source (in cycle order), the columns they need (for the
projection and for naming a missing one) and which of the memory savings of ``compaction`` apply.
Everything downstream reads the plan instead of going back to ``cycle.metrics``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from csi_tui.cycle.model import Cycle, Metric
from csi_tui.cycle.sources import Source
from csi_tui.cycle.sql_safety import sql_expr
from csi_tui.data import kpis

# column -> (who needs it, the key to fix): e.g. ("metric 'mttr' (mttr_mean)", "metrics[2].kpi")
Needed = Mapping[str, tuple[str, str]]


@dataclass(frozen=True)
class SourcePlan:
    source: Source
    metrics: tuple[Metric, ...]  # the metrics on the source, in cycle order
    keys: tuple[str, ...]  # each metric's place in the cycle file ("metrics[3]")
    needed: Needed | None  # None: every column (a formula may read any; no metric at all)
    # Every metric is a built-in row-wise KPI or the backlog, without a filter or a breakdown:
    # the rows are read only through ``kpis.flag_expr`` / ``value_expr`` and the period keys,
    # never as values. Each of the savings below follows from it.
    only_flags_read: bool

    @property
    def counts_as_signs(self) -> bool:
        """The integer counts are kept as their sign in Int8 (all those KPIs test)."""
        return self.only_flags_read

    @property
    def counts_read_as_signs(self) -> bool:
        """... and read that way from the file (its own prepared-cache entry)."""
        return self.only_flags_read and self.needed is not None

    @property
    def hours_kept_nonnegative(self) -> bool:
        """``resolution_hours`` is kept null where negative once the checks have counted those."""
        return self.only_flags_read

    @property
    def drop_times_after_keys(self) -> bool:
        """The datetimes can go once their period keys and observations are taken."""
        return self.only_flags_read

    @property
    def id(self) -> str:
        return self.source.id


def plan_cycle(cycle: Cycle) -> tuple[SourcePlan, ...]:
    """One plan per source, in the cycle's order."""
    return tuple(plan_for(cycle, source) for source in cycle.sources)


def plan_for(cycle: Cycle, source: Source) -> SourcePlan:
    pairs = [(m, metric_key(cycle, m)) for m in cycle.metrics if m.source == source.id]
    metrics = tuple(m for m, _ in pairs)
    keys = tuple(k for _, k in pairs)
    return SourcePlan(
        source=source,
        metrics=metrics,
        keys=keys,
        needed=_needed(metrics, keys),
        only_flags_read=all(_reads_flags_only(m) for m in metrics),
    )


def metric_key(cycle: Cycle, metric: Metric) -> str:
    return f"metrics[{cycle.metrics.index(metric)}]"


def needed_for_source(cycle: Cycle, source: Source) -> dict[str, tuple[str, str]] | None:
    """Columns the metrics on ``source`` read, each with who needs it and the key to fix: for
    projection and for naming a missing column. None (keep all) for custom SQL formulas or when
    no metric uses the source (step 3 still shows all its columns)."""
    needed = plan_for(cycle, source).needed
    return None if needed is None else dict(needed)


def _needed(
    metrics: tuple[Metric, ...], keys: tuple[str, ...]
) -> dict[str, tuple[str, str]] | None:
    if not metrics or any(m.formula for m in metrics):
        return None
    needed: dict[str, tuple[str, str]] = {}
    for m, key in zip(metrics, keys, strict=True):
        for name in kpis.needed_columns(m):
            needed.setdefault(name, (f"metric {m.id!r} ({m.kpi})", f"{key}.kpi"))
        for name in m.breakdowns:
            needed.setdefault(name, (f"metric {m.id!r} (breakdown)", f"{key}.breakdowns"))
        for name in _sql_names(m.filter):
            needed.setdefault(name, (f"metric {m.id!r} (filter)", f"{key}.filter"))
    return needed


def _reads_flags_only(m: Metric) -> bool:
    if m.kpi is None or m.filter or m.breakdowns:
        return False
    return m.kpi in kpis.ROW_WISE or m.kpi in kpis.FROM_FLOWS


def _sql_names(sql: str | None) -> set[str]:
    if not sql:
        return set()
    try:
        return set(sql_expr(sql).meta.root_names())
    except Exception:  # reported with its key when the metric is computed
        return set()
