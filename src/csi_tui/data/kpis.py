"""Built-in KPIs and custom SQL aggregates, per period and optional group column.

What each built-in KPI is (its columns, per-row value, aggregation, unit) is in
``kpi_registry.KPIS``; this module computes them. Every KPI function takes the prepared frame
(with ``__p_<column>`` period keys added by the engine) and the group columns, and returns
``[*groups, __p, value, n]`` rows. Formulas are in docs/kpis.md. Period keys are the local
start date of the period in the cycle's time zone. Row-wise KPIs go through one group-by per
placing column (``kpi_batch.batch``); the backlog, the flow ratio and the outage KPIs need rows
outside the period and have functions of their own here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

import polars as pl

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sql_safety import sql_expr
from csi_tui.data import columns as cols
from csi_tui.data.kpi_batch import OPENED, RESOLVED, Batch, P, batch, pkey
from csi_tui.data.kpi_registry import FROM_FLOWS, KPIS, ROW_WISE, Kind, Kpi, option_list
from csi_tui.data.periods import Period, period_key

__all__ = [
    "FROM_FLOWS",
    "KPIS",
    "OPENED",
    "RESOLVED",
    "ROW_WISE",
    "Batch",
    "Kind",
    "Kpi",
    "P",
    "aggregate",
    "backlog",
    "backlog_from_flows",
    "batch",
    "custom",
    "flag_expr",
    "flow_ratio",
    "guard_hours",
    "needed_columns",
    "option_list",
    "outages",
    "per_period",
    "pkey",
    "value_expr",
]


def needed_columns(metric: Metric) -> tuple[str, ...]:
    """Canonical columns a metric reads (for projection and the 'missing column' error)."""
    if metric.kpi is None:
        return ()
    return KPIS[metric.kpi].needed(metric.options)


def flag_expr(metric: Metric) -> pl.Expr | None:
    """The 0/1 outcome of a rate KPI (null when unknown)."""
    spec = KPIS.get(metric.kpi or "")
    if spec is None or spec.kind != "rate" or spec.row is None:
        return None
    return spec.row(metric.options)


def value_expr(metric: Metric) -> pl.Expr | None:
    """The per-row value behind a mean / quantile / rate KPI (for observations too)."""
    spec = KPIS.get(metric.kpi or "")
    if spec is None or spec.row is None:
        return None
    if spec.kind in ("mean", "quantile"):
        return spec.row(metric.options)
    flag = flag_expr(metric)
    return None if flag is None else flag.cast(pl.Float64)


def guard_hours(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with ``resolution_hours`` already null where negative (resolved before opened),
    as every built-in reader treats it (``value_expr``, ``flag_expr``): ``batch(...,
    hours_guarded=True)`` then aggregates the column itself instead of a guarded copy, which
    would be the largest column at the engine's peak. Only for a frame nothing else reads (no
    filter, breakdown or formula): the quality checks, which count the negative ones, have run
    already."""
    hours = pl.col(cols.RESOLUTION_HOURS)
    if cols.RESOLUTION_HOURS not in frame.columns:
        return frame
    return frame.with_columns(pl.when(hours >= 0).then(hours).alias(cols.RESOLUTION_HOURS))


def per_period(
    metric: Metric,
    frame: pl.DataFrame,
    groups: Sequence[str],
    periods: tuple[Period, ...],
    grain: str,
    zone: str,
) -> pl.DataFrame:
    """``[*groups, __p, value, n]`` of a built-in KPI, computed as its registry entry says."""
    assert metric.kpi is not None
    how = KPIS[metric.kpi].computed
    if how == "backlog":
        return backlog(frame, groups, periods, grain)
    if how == "flow_ratio":
        return flow_ratio(frame, groups)
    if how == "outages":
        return outages(frame, groups, periods, zone, metric.kpi)
    return aggregate(metric, frame, groups)


def aggregate(metric: Metric, frame: pl.DataFrame, groups: Sequence[str]) -> pl.DataFrame:
    """``[*groups, __p, value, n]`` for one row-wise KPI (counts, means, quantiles, rates)."""
    return batch([metric], frame, groups).tables[metric.id]


def flow_ratio(frame: pl.DataFrame, groups: Sequence[str]) -> pl.DataFrame:
    opened = frame.group_by([*groups, pl.col(pkey("opened_at")).alias(P)]).agg(pl.len().alias("n"))
    resolved = (
        frame.filter(pl.col(pkey("resolved_at")).is_not_null())
        .group_by([*groups, pl.col(pkey("resolved_at")).alias(P)])
        .agg(pl.len().alias("r"))
    )
    joined = opened.join(resolved, on=[*groups, P], how="full", coalesce=True)
    return joined.with_columns(
        pl.col("n").fill_null(0),
        (pl.col("r").fill_null(0) / pl.col("n")).alias("value"),
    ).select([*groups, P, "value", "n"])


def backlog(
    frame: pl.DataFrame, groups: Sequence[str], periods: tuple[Period, ...], grain: str
) -> pl.DataFrame:
    """Tickets open at the end of each period: opened before the end, not resolved before it.

    A ticket leaves the backlog in the period of max(opened, resolved), so rows resolved
    "before" they were opened never count as open. Tickets opened before the cycle count too.
    """
    if pkey(RESOLVED) not in frame.columns:
        # Truncating to a period never changes the order of two times, so the leaving period,
        # that of max(opened, resolved), is the later of the two period keys (``batch``).
        frame = frame.with_columns(period_key(RESOLVED, grain).alias(pkey(RESOLVED)))
    flows = batch((), frame, groups, flows=True).flows
    assert flows is not None
    schema: dict[str, pl.DataType] = {g: frame.schema[g] for g in groups}
    return backlog_from_flows(flows, groups, periods, schema)


def backlog_from_flows(
    flows: pl.DataFrame,
    groups: Sequence[str],
    periods: tuple[Period, ...],
    schema: Mapping[str, pl.DataType] | None = None,
) -> pl.DataFrame:
    """``[*groups, __p, value, n]``: the backlog at each period's end from ``batch``'s flows
    (tickets in ``i`` and out ``o`` per period key, all keys, also those before the cycle)."""
    rows: list[dict[str, object]] = []
    group_values = flows.select(groups).unique().rows() if groups else [()]
    for g in group_values:
        sub = flows
        for name, val in zip(groups, g, strict=True):
            sub = sub.filter(pl.col(name).eq_missing(val))
        changes = sorted(zip(sub[P].to_list(), (sub["i"] - sub["o"]).to_list(), strict=True))
        total, j = 0, 0
        for p in periods:
            while j < len(changes) and changes[j][0] <= p.start:
                total += changes[j][1]
                j += 1
            row: dict[str, object] = dict(zip(groups, g, strict=True))
            row.update({P: p.start, "value": float(total), "n": total})
            rows.append(row)
    types: dict[str, pl.DataType] = {g: (schema or flows.schema)[g] for g in groups}
    types.update({P: pl.Date(), "value": pl.Float64(), "n": pl.Int64()})
    return pl.DataFrame(rows, schema=types, orient="row")


def outages(
    frame: pl.DataFrame, groups: Sequence[str], periods: tuple[Period, ...], zone: str, kpi: str
) -> pl.DataFrame:
    """Availability % and MTBF hours from outage windows, merged where they overlap (per group).

    availability = 100 * (1 - downtime in period / period length);
    mtbf = (period length - downtime) / outages starting in the period.
    """
    tz = ZoneInfo(zone)
    bounds = pl.DataFrame(
        {
            P: [p.start for p in periods],
            "__ps": [datetime.combine(p.start, time(), tz) for p in periods],
            "__pe": [datetime.combine(p.end, time(), tz) for p in periods],
        },
        schema={P: pl.Date, "__ps": pl.Datetime("us", zone), "__pe": pl.Datetime("us", zone)},
    )
    windows = frame.filter(pl.col("start").is_not_null() & pl.col("end").is_not_null()).select(
        *groups, "start", pl.max_horizontal("start", "end").alias("end")
    )
    windows = windows.sort([*groups, "start"])
    prev_end = pl.col("end").cum_max().shift(1)
    if groups:
        prev_end = prev_end.over(groups)
    merged = (
        windows.with_columns((pl.col("start") > prev_end).fill_null(True).cum_sum().alias("__blk"))
        .group_by([*groups, "__blk"])
        .agg(pl.col("start").min(), pl.col("end").max())
    )
    overlap = (
        merged.join(bounds, how="cross")
        .with_columns(
            (pl.min_horizontal("end", "__pe") - pl.max_horizontal("start", "__ps"))
            .dt.total_seconds(fractional=True)
            .clip(lower_bound=0)
            .alias("__down")
        )
        .group_by([*groups, P])
        .agg((pl.col("__down").sum() / 3600.0).alias("down"))
    )
    starts = (
        frame.filter(pl.col(pkey("start")).is_not_null())
        .group_by([*groups, pl.col(pkey("start")).alias(P)])
        .agg(pl.len().alias("n"))
    )
    group_values = frame.select(groups).unique() if groups else None
    grid = bounds if group_values is None else group_values.join(bounds, how="cross")
    hours = (pl.col("__pe") - pl.col("__ps")).dt.total_seconds(fractional=True) / 3600.0
    table = (
        grid.join(overlap, on=[*groups, P], how="left")
        .join(starts, on=[*groups, P], how="left")
        .with_columns(pl.col("down").fill_null(0.0), pl.col("n").fill_null(0), hours.alias("__h"))
    )
    if kpi == "availability":
        value = 100.0 * (1.0 - pl.col("down") / pl.col("__h"))
    else:
        value = pl.when(pl.col("n") > 0).then((pl.col("__h") - pl.col("down")) / pl.col("n"))
    return table.select(*groups, P, value.alias("value"), pl.col("n").cast(pl.Int64))


def custom(metric: Metric, frame: pl.DataFrame, groups: Sequence[str]) -> pl.DataFrame:
    """A polars SQL aggregate per period.

    The formula is parsed with ``pl.sql_expr`` as one expression and aggregated with polars, never
    pasted into a query: a cycle file from someone else can then name no table and read no file
    (``(SELECT ... FROM read_csv('...'))`` is refused), and cannot end the query early.
    """
    at = str(metric.options.get("at", "opened_at"))
    data = frame.filter(pl.col(pkey(at)).is_not_null()).with_columns(pl.col(pkey(at)).alias(P))
    value = sql_expr(str(metric.formula)).cast(pl.Float64)
    grouped = (
        data.lazy()
        .group_by([*groups, P])
        .agg(value.alias("value"), pl.len().cast(pl.Int64).alias("n"))
    )
    kind = grouped.collect_schema()["value"]
    if not kind.is_numeric():  # a plain column gives each period a list of its values
        raise ValueError(
            f"the formula gives {kind} per period, not one number: aggregate it, e.g. AVG(...)"
        )
    # The in-memory engine adds each group's rows in their order: the streaming one adds floats
    # in the order its threads finish, so SUM or AVG changed in the last digits from run to run.
    return grouped.collect(engine="in-memory")
