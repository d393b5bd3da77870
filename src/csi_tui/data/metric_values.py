"""One metric's values per period (and per breakdown group) from its source's keyed rows."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from csi_tui.cycle.model import Cycle, Metric
from csi_tui.cycle.sql_safety import RefusedSql, hint_for, sql_expr
from csi_tui.data import columns as cols
from csi_tui.data import kpis, zones
from csi_tui.data.observations import observations_many, wants_observations
from csi_tui.data.period_keys import at_column, placeable
from csi_tui.data.periods import Period
from csi_tui.data.plan import metric_key
from csi_tui.data.results import BreakdownValue, Finding, MetricSeries, PeriodValue
from csi_tui.data.time_limit import within_limit
from csi_tui.errors import CsiError, Problem

OTHER = "other"
NONE_GROUP = "(none)"


def compute_metric(
    cycle: Cycle,
    metric: Metric,
    frame: pl.DataFrame,
    periods: tuple[Period, ...],
    incomplete: set[str],
    table: pl.DataFrame | None = None,
    observations: pl.DataFrame | int | None = None,
    columns: Sequence[str] | None = None,
) -> MetricSeries:
    """One metric's values per period. ``table`` and ``observations``: computed already (shared
    with other metrics); ``columns``: the source's columns when ``frame`` lacks some nobody reads
    any more (its datetimes, once their period keys are there)."""
    key = metric_key(cycle, metric)
    _check_columns(cycle, metric, frame, frame.columns if columns is None else columns, key)
    if metric.filter:
        frame = _filtered(cycle, metric, frame, key)
    if table is None:
        table = _run(cycle, metric, frame, (), periods, key)
    by_start = {row[kpis.P]: (row["value"], int(row["n"])) for row in table.iter_rows(named=True)}
    spec_kind: kpis.Kind = kpis.KPIS[metric.kpi].kind if metric.kpi else "custom"
    zero = spec_kind == "count"
    values = []
    for p in periods:
        value, n = by_start.get(p.start, (0.0 if zero else None, 0))
        values.append(
            PeriodValue(p.label, p.start, p.end, _num(value), n, p.label not in incomplete)
        )
    breakdowns: dict[str, tuple[BreakdownValue, ...]] = {}
    findings: list[Finding] = []
    for column in metric.breakdowns:
        # A breakdown is an extra view: one that cannot be made leaves the metric's values be.
        try:
            breakdowns[column] = _breakdown(cycle, metric, frame, column, periods, key)
        except CsiError as error:
            findings.extend(_breakdown_error(metric, p) for p in error.problems)
    if all(v.n == 0 for v in values):
        findings.append(_empty(metric))
    if observations is None:
        keep = wants_observations(cycle)
        observations = observations_many(cycle, [metric], frame, keep).get(metric.id)
    kept = observations if isinstance(observations, pl.DataFrame) else None
    count = kept.height if kept is not None else observations
    assert not isinstance(count, pl.DataFrame)
    return MetricSeries(
        metric_id=metric.id,
        unit=metric.unit,
        periods=tuple(values),
        breakdowns=breakdowns,
        observations=kept,
        kind=spec_kind,
        findings=tuple(findings),
        observation_count=count,
    )


def _check_columns(
    cycle: Cycle, metric: Metric, frame: pl.DataFrame, present: Sequence[str], key: str
) -> None:
    """Raise when the source lacks a column the metric needs, or its time column holds no
    dates."""
    for name in kpis.needed_columns(metric):
        if name not in present:
            raise CsiError.one(
                f"metric {metric.id!r} ({metric.kpi}) needs column {name!r}, which source "
                f"{metric.source!r} does not have",
                file=cycle.path,
                key=f"{key}.kpi",
                hint="map it in [sources.columns]; " + cols.closest_hint(name, present),
            )
    if not placeable(metric, frame):
        at = at_column(metric)
        raise CsiError.one(
            f"metric {metric.id!r} is placed in time by column {at!r} of source "
            f"{metric.source!r}, which holds {frame.schema[at]} values, not dates or date-times",
            file=cycle.path,
            key=f"{key}.options.at",
            hint="name a date-time column, or make one with [[sources.derived]], e.g. "
            f"sql = \"STRPTIME({at}, '%Y-%m-%d %H:%M:%S')\" (it gets the source's time zone)",
        )


def _filtered(cycle: Cycle, metric: Metric, frame: pl.DataFrame, key: str) -> pl.DataFrame:
    """The rows the metric's own filter keeps."""
    try:
        condition = sql_expr(metric.filter or "").fill_null(False)
        where = f"metric {metric.id!r}"
        return within_limit(lambda: frame.filter(condition), where, cycle.path, f"{key}.filter")
    except CsiError:
        raise
    except Exception as error:
        mixed = zones.clash(error)
        raise CsiError.one(
            f"filter: {mixed or _first_line(error)}",
            file=cycle.path,
            key=f"{key}.filter",
            hint=zones.ZONE_HINT
            if mixed
            else hint_for(
                error, "write a polars SQL condition; " + cols.closest_hint("", frame.columns)
            ),
        ) from error


def _empty(metric: Metric) -> Finding:
    return Finding(
        "error",
        "empty_metric",
        f"{metric.id}: no rows fall in any period of the cycle",
        "check the metric's filter and the cycle's dates against the data",
        source=metric.source,
        metric=metric.id,
    )


def _num(value: float | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if number != number else number  # NaN (0/0) -> no value


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _run(
    cycle: Cycle,
    metric: Metric,
    frame: pl.DataFrame,
    groups: Sequence[str],
    periods: tuple[Period, ...],
    key: str,
) -> pl.DataFrame:
    """``[*groups, __p, value, n]``: a built-in KPI as its registry entry says, or the formula."""
    if metric.kpi is not None:
        grain, zone = cycle.cycle.grain, cycle.cycle.timezone
        return kpis.per_period(metric, frame, groups, periods, grain, zone)
    try:
        return within_limit(
            lambda: kpis.custom(metric, frame, groups),
            f"metric {metric.id!r}",
            cycle.path,
            f"{key}.formula",
        )
    except CsiError:
        raise
    except RefusedSql as error:
        raise CsiError.one(
            f"metric {metric.id!r}: in the formula: {error}",
            file=cycle.path,
            key=f"{key}.formula",
            hint=error.refusal.hint,
        ) from error
    except Exception as error:
        from csi_tui.data.formula_errors import formula_problem

        message, hint = formula_problem(error, frame.columns, metric.source)
        raise CsiError.one(
            f"metric {metric.id!r}: {message}",
            file=cycle.path,
            key=f"{key}.formula",
            hint=hint,
        ) from error


def _breakdown_error(metric: Metric, problem: Problem) -> Finding:
    return Finding(
        "error",
        "breakdown_unusable",
        f"{problem.message}: this breakdown is left out; the metric's values are not affected",
        problem.hint or "",
        source=metric.source,
        metric=metric.id,
        column=None,
    )


def _breakdown(
    cycle: Cycle,
    metric: Metric,
    frame: pl.DataFrame,
    column: str,
    periods: tuple[Period, ...],
    key: str,
) -> tuple[BreakdownValue, ...]:
    if column not in frame.columns:
        raise CsiError.one(
            f"metric {metric.id!r}: breakdown column {column!r} is not in source {metric.source!r}",
            file=cycle.path,
            key=f"{key}.breakdowns",
            hint=cols.closest_hint(column, frame.columns),
        )
    group = "__group"
    data = frame
    if isinstance(frame.schema[column], pl.List):
        # A list (e.g. an incident's components) counts once for each of its values.
        data = frame.explode(column)
    data = data.with_columns(pl.col(column).cast(pl.String).fill_null(NONE_GROUP).alias(group))
    if metric.top_n:
        counts = data.group_by(group).len().sort(["len", group], descending=[True, False])
        top = counts.head(metric.top_n)[group].to_list()
        if counts.height > metric.top_n:
            data = data.with_columns(
                pl.when(pl.col(group).is_in(top)).then(pl.col(group)).otherwise(pl.lit(OTHER))
            )
    table = _run(cycle, metric, data, (group,), periods, key)
    labels = {p.start: p.label for p in periods}
    rows = [
        BreakdownValue(str(r[group]), labels[r[kpis.P]], _num(r["value"]), int(r["n"]))
        for r in table.sort([group, kpis.P]).iter_rows(named=True)
        if r[kpis.P] in labels
    ]
    return tuple(rows)
