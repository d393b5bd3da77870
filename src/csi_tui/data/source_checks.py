"""What ``csi-tui validate`` checks in the data, without computing anything.

For each source: its files exist and lie inside the workspace, they can be read, the columns
its mapping, rollup, date column and metrics name are there, and its derived columns, filters
and formulas resolve against the real schema. Only the schema and a sample of the first rows
are read (``prepare.plan_source``, the engine's own first step), so a missing file or a typo
in a column shows up in the words the TUI and ``compute`` would use, before the meeting.
"""

from __future__ import annotations

import polars as pl

from csi_tui.cycle.model import Cycle, Metric
from csi_tui.cycle.sources import Source
from csi_tui.cycle.sql_safety import hint_for, sql_expr
from csi_tui.data import columns as cols
from csi_tui.data import kpis
from csi_tui.data.formula_errors import formula_problem
from csi_tui.data.prepare import (
    missing_date_column,
    plan_source,
    require_condition,
    source_key,
)
from csi_tui.errors import CsiError, Problem

TRIAL_ROWS = 200


def check_sources(cycle: Cycle) -> list[Problem]:
    """Every problem the data of ``cycle`` would give, source by source."""
    problems: list[Problem] = []
    for source in cycle.sources:
        problems.extend(_check_source(cycle, source))
    return problems


def _check_source(cycle: Cycle, source: Source) -> list[Problem]:
    key = source_key(cycle, source)
    try:
        plan = plan_source(cycle, source)
        lazy = plan.lazy
        available = lazy.collect_schema().names()
    except CsiError as error:
        return list(error.problems)
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        return [_problem(cycle, key, f"cannot read this source: {_first(error)}", None)]
    missing = missing_date_column(cycle, source, available)
    if missing is not None:
        return list(missing.problems)
    found: list[Problem] = list(plan.mapping_problems)  # a typo that disables only its readers
    if source.rollup is None:
        # Types only clash on values ('is_in' of numbers in text): try the first rows too, read
        # once (each trial on the lazy scan read the file again). An event log's
        # rows exist only after its rollup, which reads the whole file: schema only there.
        try:
            lazy = lazy.head(TRIAL_ROWS).collect().lazy()
        except (pl.exceptions.PolarsError, OSError, ValueError) as error:
            return [*found, _problem(cycle, key, f"cannot read this source: {_first(error)}", None)]
    if source.filter:
        try:
            condition = lazy.select(sql_expr(source.filter).alias("__keep"))
            require_condition(condition.collect_schema()["__keep"])
            _try(condition, source)
        except Exception as error:
            hint = hint_for(error, "write a polars SQL condition, e.g. state <> 'Cancelled'")
            found.append(_problem(cycle, f"{key}.filter", f"filter: {_first(error)}", hint))
    for metric in cycle.metrics:
        if metric.source == source.id:
            found.extend(_check_metric(cycle, source, metric, lazy, available))
    return found


def _check_metric(
    cycle: Cycle, source: Source, metric: Metric, lazy: pl.LazyFrame, available: list[str]
) -> list[Problem]:
    key = f"metrics[{cycle.metrics.index(metric)}]"
    found: list[Problem] = []
    lacking = [c for c in kpis.needed_columns(metric) if c not in available] if metric.kpi else []
    if lacking:
        found.append(
            _problem(
                cycle,
                f"{key}.kpi",
                f"metric {metric.id!r} ({metric.kpi}) needs column {lacking[0]!r}, which "
                f"source {source.id!r} does not have",
                "map it in [sources.columns]; " + cols.closest_hint(lacking[0], available),
            )
        )
    for column in metric.breakdowns:
        if column not in available:
            found.append(
                _problem(
                    cycle,
                    f"{key}.breakdowns",
                    f"metric {metric.id!r} (breakdown) needs column {column!r}, which source "
                    f"{source.id!r} does not have",
                    "map it in [sources.columns]; " + cols.closest_hint(column, available),
                )
            )
    if metric.filter:
        try:
            _try(lazy.filter(sql_expr(metric.filter)), source)
        except Exception as error:
            hint = hint_for(
                error, "write a polars SQL condition; " + cols.closest_hint("", available)
            )
            found.append(_problem(cycle, f"{key}.filter", f"filter: {_first(error)}", hint))
    if metric.formula:
        try:
            value = sql_expr(metric.formula).cast(pl.Float64).alias("value")
            # per group, as the engine aggregates it (kpis.custom): one number, not a list
            grouped = lazy.group_by(pl.lit(0).alias("__period")).agg(value)
            kind = grouped.collect_schema()["value"]
            if not kind.is_numeric():
                raise ValueError(
                    f"the formula gives {kind} per period, not one number: aggregate it, "
                    "e.g. AVG(...)"
                )
            _try(grouped, source)
        except Exception as error:
            message, hint = formula_problem(error, available, metric.source)
            found.append(
                _problem(
                    cycle,
                    f"{key}.formula",
                    f"metric {metric.id!r}: {message}",
                    hint_for(error, hint),
                )
            )
    return found


def _try(lazy: pl.LazyFrame, source: Source) -> None:
    lazy.collect_schema()
    if source.rollup is None:
        lazy.collect()


def _problem(cycle: Cycle, key: str, message: str, hint: str | None) -> Problem:
    return Problem(message, file=cycle.path, key=key, hint=hint)


def _first(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
