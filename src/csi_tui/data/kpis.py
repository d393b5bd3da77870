"""Built-in KPIs and custom SQL aggregates, per period and optional group column.

Every KPI function takes the prepared frame (with ``__p_<column>`` period keys added by the
engine) and the group columns, and returns ``[*groups, __p, value, n]`` rows. Formulas are in
docs/kpis.md. Period keys are the local start date of the period in the cycle's time zone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

import polars as pl

from csi_tui.cycle.model import Metric, OptionValue
from csi_tui.data import columns as cols
from csi_tui.data.periods import TRUNCATE_EVERY, Period

P = "__p"  # period key column in KPI output


def pkey(column: str) -> str:
    return f"__p_{column}"


@dataclass(frozen=True)
class KpiSpec:
    kind: str  # MetricSeries.kind
    at: str  # the datetime column that places a row in a period
    needs: tuple[str, ...]  # canonical columns it reads (beyond ``at``)
    observed: bool  # per-ticket observations make sense (mean, rate, quantile)


KPIS: Mapping[str, KpiSpec] = {
    "volume": KpiSpec("count", "opened_at", (), False),
    "resolved": KpiSpec("count", "resolved_at", (), False),
    "backlog": KpiSpec("count", "opened_at", ("resolved_at",), False),
    "mttr_mean": KpiSpec("mean", "resolved_at", ("opened_at", cols.RESOLUTION_HOURS), True),
    "mttr_median": KpiSpec("quantile", "resolved_at", ("opened_at", cols.RESOLUTION_HOURS), True),
    "mttr_p90": KpiSpec("quantile", "resolved_at", ("opened_at", cols.RESOLUTION_HOURS), True),
    "sla_compliance": KpiSpec("rate", "resolved_at", (), True),
    "reopen_rate": KpiSpec("rate", "resolved_at", ("reopen_count",), True),
    "first_assignment_resolution": KpiSpec("rate", "resolved_at", ("reassignment_count",), True),
    "escalation_rate": KpiSpec("rate", "opened_at", ("escalated",), True),
    "major_incident_rate": KpiSpec("rate", "opened_at", (), True),
    "flow_ratio": KpiSpec("ratio", "opened_at", ("resolved_at",), False),
    "availability": KpiSpec("ratio", "start", ("end",), False),
    "mtbf": KpiSpec("mean", "start", ("end",), False),
    "outage_count": KpiSpec("count", "start", (), False),
    "value": KpiSpec("custom", "period", ("value",), False),
}


def option_list(options: Mapping[str, OptionValue], name: str) -> list[str] | None:
    value = options.get(name)
    if value is None:
        return None
    return [v.strip() for v in str(value).split(",") if v.strip()]


def needed_columns(metric: Metric) -> tuple[str, ...]:
    """Canonical columns a metric reads (for projection and the 'missing column' error)."""
    if metric.kpi is None:
        return ()
    spec = KPIS[metric.kpi]
    needs = [spec.at, *spec.needs]
    opts = metric.options
    if metric.kpi == "sla_compliance":
        needs += [cols.RESOLUTION_HOURS] if "sla_hours" in opts else ["made_sla"]
    if metric.kpi == "major_incident_rate":
        needs += ["priority"] if "major_priorities" in opts else ["major"]
    at = opts.get("at")
    if isinstance(at, str):
        needs[0] = at
    return tuple(needs)


def flag_expr(metric: Metric) -> pl.Expr | None:
    """The 0/1 outcome of a rate KPI (null when unknown)."""
    opts = metric.options
    kpi = metric.kpi
    if kpi == "sla_compliance":
        if "sla_hours" in opts:
            limit = float(opts["sla_hours"])
            hours = pl.col(cols.RESOLUTION_HOURS)
            return pl.when(hours >= 0).then(hours <= limit)
        return pl.col("made_sla")
    if kpi == "reopen_rate":
        return pl.col("reopen_count") > 0
    if kpi == "first_assignment_resolution":
        return pl.col("reassignment_count") == 0
    if kpi == "escalation_rate":
        return pl.col("escalated")
    if kpi == "major_incident_rate":
        majors = option_list(opts, "major_priorities")
        if majors:
            return pl.col("priority").cast(pl.String).is_in(majors)
        return pl.col("major")
    return None


def value_expr(metric: Metric) -> pl.Expr | None:
    """The per-row value behind a mean / quantile / rate KPI (for observations too)."""
    if metric.kpi in ("mttr_mean", "mttr_median", "mttr_p90"):
        hours = pl.col(cols.RESOLUTION_HOURS)
        return pl.when(hours >= 0).then(hours)  # resolved before opened: left out
    flag = flag_expr(metric)
    return None if flag is None else flag.cast(pl.Float64)


ROW_WISE = frozenset(
    k for k, spec in KPIS.items() if k not in ("backlog", "flow_ratio", "availability", "mtbf")
)


def _row_value(metric: Metric) -> pl.Expr | None:
    """What a row-wise KPI aggregates for each row (None: it only counts rows)."""
    kpi = metric.kpi
    assert kpi is not None
    if kpi in ("volume", "resolved", "outage_count"):
        return None
    if kpi == "value":
        return pl.col("value")
    if KPIS[kpi].kind == "rate":
        return flag_expr(metric)  # booleans: 1 bit a row, the same mean as 0.0 / 1.0 floats
    return value_expr(metric)


def _agg_exprs(metric: Metric, column: str | None) -> tuple[pl.Expr, pl.Expr]:
    """(value, n) aggregations of a row-wise KPI within one period group, over ``column``: its
    per-row value (``_row_value``), computed once before grouping."""
    kpi = metric.kpi
    assert kpi is not None
    if column is None:
        return pl.len().cast(pl.Float64), pl.len().cast(pl.Int64)
    v = pl.col(column)
    if kpi == "value":
        how = str(metric.options.get("agg", "mean"))
        agg = {"sum": v.sum(), "min": v.min(), "max": v.max(), "last": v.last()}
        return agg.get(how, v.mean()).cast(pl.Float64), v.count().cast(pl.Int64)
    if KPIS[kpi].kind == "rate":
        return (v.mean() * 100.0).cast(pl.Float64), v.count().cast(pl.Int64)
    if kpi == "mttr_median":
        value = v.median()
    elif kpi == "mttr_p90":
        value = v.quantile(float(metric.options.get("quantile", 0.9)), "linear")
    else:
        value = v.mean()
    return value.cast(pl.Float64), v.count().cast(pl.Int64)


def guard_hours(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with ``resolution_hours`` already null where negative (resolved before opened),
    as every built-in reader treats it (``value_expr``, ``flag_expr``): ``aggregate_many(...,
    hours_guarded=True)`` then aggregates the column itself instead of a guarded copy (0.08 GB
    at 10M rows, at the engine's peak). Only for a frame nothing else reads (no filter, breakdown
    or formula): the quality checks, which count the negative ones, have run already."""
    hours = pl.col(cols.RESOLUTION_HOURS)
    if cols.RESOLUTION_HOURS not in frame.columns:
        return frame
    return frame.with_columns(pl.when(hours >= 0).then(hours).alias(cols.RESOLUTION_HOURS))


def aggregate_many(
    metrics: Sequence[Metric],
    frame: pl.DataFrame,
    groups: Sequence[str],
    hours_guarded: bool = False,
) -> dict[str, pl.DataFrame]:
    """``metric id -> [*groups, __p, value, n]`` for row-wise KPIs; metrics placed in time by the
    same column share one group-by (one pass over the rows per column).

    Each distinct per-row value (MTTR mean, median and p90 share one) is computed once as a
    column before grouping, so the group-by aggregates plain columns: an expression inside
    ``agg`` is evaluated group by group, which at 10M rows copied the rows once per KPI (about
    0.3 GB more at the peak, and twice the time)."""
    by_at: dict[str, list[tuple[int, Metric]]] = {}
    for i, metric in enumerate(metrics):
        assert metric.kpi is not None
        at = str(metric.options.get("at", KPIS[metric.kpi].at))
        by_at.setdefault(at, []).append((i, metric))
    queries = []
    output: dict[int, tuple[str, str]] = {}  # metric index -> (value column, n column)
    for at, members in by_at.items():
        values: dict[str, tuple[str, pl.Expr]] = {}
        aggs: list[pl.Expr] = []
        named: dict[str, str] = {}  # aggregation -> its column in the group-by's output
        for i, metric in members:
            row = _row_value(metric)
            if hours_guarded and metric.kpi in ("mttr_mean", "mttr_median", "mttr_p90"):
                row = pl.col(cols.RESOLUTION_HOURS)  # guarded already (``guard_hours``)
            name = None
            if row is not None:
                name, _ = values.setdefault(str(row), (f"__r{len(values)}", row))
            value, n = _agg_exprs(metric, name)
            # The same aggregation once (MTTR mean, median and p90 count the same values).
            for expr, prefix in ((value, "v"), (n, "n")):
                if str(expr) not in named:
                    named[str(expr)] = f"{prefix}{i}"
                    aggs.append(expr.alias(f"{prefix}{i}"))
            output[i] = (named[str(value)], named[str(n)])
        rows = frame.lazy().select(
            *groups, pl.col(pkey(at)).alias(P), *(e.alias(c) for c, e in values.values())
        )
        queries.append(rows.group_by([*groups, P]).agg(aggs))
    out: dict[str, pl.DataFrame] = {}
    for table, (_at, members) in zip(pl.collect_all(queries), by_at.items(), strict=True):
        table = table.filter(pl.col(P).is_not_null())
        for i, metric in members:
            value_col, n_col = output[i]
            part = table.select(
                *groups, P, pl.col(value_col).alias("value"), pl.col(n_col).alias("n")
            )
            # Groups without a single usable value are "no data", as if they had no rows.
            out[metric.id] = part.filter(pl.col("n") > 0)
    return out


def aggregate(metric: Metric, frame: pl.DataFrame, groups: Sequence[str]) -> pl.DataFrame:
    """``[*groups, __p, value, n]`` for one row-wise KPI (counts, means, quantiles, rates)."""
    return aggregate_many([metric], frame, groups)[metric.id]


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
    grain_key = pkey("opened_at")
    # The leaving period is that of max(opened, resolved). Truncating to a period never changes
    # the order of two times, so it is the later of the two period keys the engine already has
    # (no second pass of time-zone-aware truncation over every row).
    if pkey("resolved_at") in frame.columns:
        left = pl.max_horizontal(grain_key, pkey("resolved_at"))
        # The key is empty exactly where the time is (the engine may have let the time go).
        resolved = pl.col(pkey("resolved_at")).is_not_null()
    else:
        left = pl.max_horizontal("opened_at", "resolved_at").dt.truncate(TRUNCATE_EVERY[grain])
        left = left.dt.date()
        resolved = pl.col("resolved_at").is_not_null()
    # Grouped by the key expressions straight away: no copy of the rows (or of their keys).
    lazy = frame.lazy()
    ins_q = lazy.group_by([*groups, pl.col(grain_key).alias(P)]).agg(
        pl.len().cast(pl.Int64).alias("i")
    )
    out_key = pl.when(resolved).then(left).alias(P)
    outs_q = (
        lazy.group_by([*groups, out_key])
        .agg(pl.len().cast(pl.Int64).alias("o"))
        .filter(pl.col(P).is_not_null())
    )
    ins, outs = pl.collect_all([ins_q, outs_q])
    flows = ins.join(outs, on=[*groups, P], how="full", coalesce=True).fill_null(0)
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
    schema: dict[str, pl.DataType] = {g: frame.schema[g] for g in groups}
    schema.update({P: pl.Date(), "value": pl.Float64(), "n": pl.Int64()})
    return pl.DataFrame(rows, schema=schema, orient="row")


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
    value = pl.sql_expr(str(metric.formula)).cast(pl.Float64)
    return data.group_by([*groups, P]).agg(value.alias("value"), pl.len().cast(pl.Int64).alias("n"))
