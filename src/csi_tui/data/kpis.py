"""Built-in KPIs and custom SQL aggregates, per period and optional group column.

Every KPI function takes the prepared frame (with ``__p_<column>`` period keys added by the
engine) and the group columns, and returns ``[*groups, __p, value, n]`` rows. Formulas are in
docs/kpis.md. Period keys are the local start date of the period in the cycle's time zone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import polars as pl

from csi_tui.cycle.model import Metric, OptionValue
from csi_tui.cycle.sql_safety import sql_expr
from csi_tui.data import columns as cols
from csi_tui.data.periods import Period, period_key

P = "__p"  # period key column in KPI output
OPENED, RESOLVED = "opened_at", "resolved_at"
HOURS_SUM = pl.Decimal(38, 12)  # hours summed for a mean (see ``batch``)
ROWS, EARLIER = "__rows", "__earlier"  # batch: rows per group; resolved in an earlier period


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


def _agg_exprs(metric: Metric, column: str | None) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
    """(value, n, gathered) aggregations of a row-wise KPI within one period group, over
    ``column``: its per-row value (``_row_value``), computed once before grouping.

    For a quantile (MTTR median, p90) ``gathered`` collects each group's values into a list
    column and ``value`` reads that list after the group-by: the same values as ``quantile``
    inside the group-by, 3x faster (10M rows: median and p90 in 0.13 s instead of 0.37 s)."""
    kpi = metric.kpi
    assert kpi is not None
    if column is None:
        return pl.len().cast(pl.Float64), pl.len().cast(pl.Int64), None
    v = pl.col(column)
    n = v.count().cast(pl.Int64)
    if kpi == "value":
        how = str(metric.options.get("agg", "mean"))
        agg = {"sum": v.sum(), "min": v.min(), "max": v.max(), "last": v.last()}
        return agg.get(how, v.mean()).cast(pl.Float64), n, None
    if KPIS[kpi].kind == "rate":
        return (v.mean() * 100.0).cast(pl.Float64), n, None
    if kpi in ("mttr_median", "mttr_p90"):
        listed = f"{column}[]"
        if kpi == "mttr_median":
            pick = pl.element().median()
        else:
            pick = pl.element().quantile(float(metric.options.get("quantile", 0.9)), "linear")
        value = pl.col(listed).list.eval(pick).list.first()
        return value.cast(pl.Float64), n, v.drop_nulls().alias(listed)
    return v.mean().cast(pl.Float64), n, None


def guard_hours(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with ``resolution_hours`` already null where negative (resolved before opened),
    as every built-in reader treats it (``value_expr``, ``flag_expr``): ``batch(...,
    hours_guarded=True)`` then aggregates the column itself instead of a guarded copy (0.08 GB
    at 10M rows, at the engine's peak). Only for a frame nothing else reads (no filter, breakdown
    or formula): the quality checks, which count the negative ones, have run already."""
    hours = pl.col(cols.RESOLUTION_HOURS)
    if cols.RESOLUTION_HOURS not in frame.columns:
        return frame
    return frame.with_columns(pl.when(hours >= 0).then(hours).alias(cols.RESOLUTION_HOURS))


@dataclass(frozen=True)
class Batch:
    """What one group-by per time column gives (``batch``)."""

    tables: dict[str, pl.DataFrame]  # metric id -> [*groups, __p, value, n]
    rows: dict[str, pl.DataFrame]  # time column -> [*groups, __p, n]: rows per period
    flows: pl.DataFrame | None  # [*groups, __p, i, o]: tickets entering / leaving the backlog


def batch(
    metrics: Sequence[Metric],
    frame: pl.DataFrame,
    groups: Sequence[str] = (),
    *,
    hours_guarded: bool = False,
    counted: Sequence[str] = (),
    flows: bool = False,
) -> Batch:
    """Row-wise KPIs per period, plus the rows per period of each ``counted`` time column and,
    with ``flows``, the backlog's flows; everything placed in time by the same column shares one
    group-by (one pass over the rows per column).

    Each distinct per-row value (MTTR mean, median and p90 share one) is computed once as a
    column before grouping, so the group-by aggregates plain columns: an expression inside
    ``agg`` is evaluated group by group, which at 10M rows copied the rows once per KPI (about
    0.3 GB more at the peak, and twice the time).

    The flows come from the same two group-bys as volume and resolved, instead of two of their
    own (0.08 s at 10M rows): a ticket enters in its opened period and leaves in the later of
    its opened and resolved periods (``backlog``), that is in its resolved period, except the
    few resolved in an earlier period than they were opened, which are moved by a count of
    them taken in each of the two group-bys."""
    by_at: dict[str, list[tuple[int, Metric]]] = {}
    for i, metric in enumerate(metrics):
        assert metric.kpi is not None
        at = str(metric.options.get("at", KPIS[metric.kpi].at))
        by_at.setdefault(at, []).append((i, metric))
    for at in (*counted, *((OPENED, RESOLVED) if flows else ())):
        by_at.setdefault(at, [])
    earlier = (pl.col(pkey(RESOLVED)) < pl.col(pkey(OPENED))).alias(EARLIER)
    queries: list[tuple[pl.LazyFrame, pl.LazyFrame]] = []  # (rows, their group-by)
    finish: list[tuple[list[pl.Expr], list[pl.Expr]]] = []  # per query: lists, values of them
    output: dict[int, tuple[str, str]] = {}  # metric index -> (value column, n column)
    for at, members in by_at.items():
        values: dict[str, tuple[str, pl.Expr]] = {}
        aggs: list[pl.Expr] = []
        named: dict[str, str] = {}  # aggregation -> its column in the group-by's output
        gathered: dict[str, pl.Expr] = {}  # list columns, read by ``after``
        after: list[pl.Expr] = []  # values taken from them (``_with_quantiles``)
        for i, metric in members:
            row = _row_value(metric)
            if hours_guarded and metric.kpi in ("mttr_mean", "mttr_median", "mttr_p90"):
                row = pl.col(cols.RESOLUTION_HOURS)  # guarded already (``guard_hours``)
            if metric.kpi == "mttr_mean" and row is not None:
                # Added up as decimals (to 1e-12 h), which is exact, so in any order: polars'
                # threads add floats in the order they finish, and the last digits of the mean
                # changed from run to run. NaN or out-of-range hours are left out, as empty ones.
                row = row.cast(HOURS_SUM, strict=False)
            name = None
            if row is not None:
                name, _ = values.setdefault(str(row), (f"__r{len(values)}", row))
            value, n, listed = _agg_exprs(metric, name)
            if listed is not None:
                gathered.setdefault(listed.meta.output_name(), listed)
            # The same aggregation once (MTTR mean, median and p90 count the same values).
            for expr, prefix, later in ((value, "v", listed is not None), (n, "n", False)):
                if str(expr) not in named:
                    named[str(expr)] = f"{prefix}{i}"
                    (after if later else aggs).append(expr.alias(f"{prefix}{i}"))
            output[i] = (named[str(value)], named[str(n)])
        finish.append((list(gathered.values()), after))
        extra = [pl.len().cast(pl.Int64).alias(ROWS)]
        moved = flows and at in (OPENED, RESOLVED)
        if moved:
            values[EARLIER] = (EARLIER, earlier)
            extra.append(pl.col(EARLIER).sum().cast(pl.Int64).alias(EARLIER))
        rows = frame.lazy().select(
            *groups, pl.col(pkey(at)).alias(P), *(e.alias(c) for c, e in values.values())
        )
        queries.append((rows, rows.group_by([*groups, P]).agg(*aggs, *extra)))
    tables: dict[str, pl.DataFrame] = {}
    grouped: dict[str, pl.DataFrame] = {}  # time column -> its group-by's output
    # One query at a time: the memory of one, not of all; each takes every core (at 1M rows
    # all at once with ``collect_all`` was no faster).
    for (rows, query), (lists, after), (at, members) in zip(
        queries, finish, by_at.items(), strict=True
    ):
        # Values of a periodic source (any magnitude, so not decimals) are few: the in-memory
        # engine adds them in the same order every time.
        floats = any(m.kpi == "value" for _i, m in members)
        table = query.collect(engine="in-memory" if floats else "auto")
        table = table.filter(pl.col(P).is_not_null())
        if lists:
            table = _with_quantiles(table, rows, groups, lists, after)
        grouped[at] = table
        for i, metric in members:
            value_col, n_col = output[i]
            part = table.select(
                *groups, P, pl.col(value_col).alias("value"), pl.col(n_col).alias("n")
            )
            # Groups without a single usable value are "no data", as if they had no rows.
            tables[metric.id] = part.filter(pl.col("n") > 0)
    flow = None
    if flows:
        # In: rows per opened period. Out: rows per resolved period, less those resolved in an
        # earlier period than opened (e), which leave in their opened period instead (c).
        ins = grouped[OPENED].select(
            *groups, P, pl.col(ROWS).alias("i"), pl.col(EARLIER).alias("c")
        )
        outs = grouped[RESOLVED].select(
            *groups, P, pl.col(ROWS).alias("r"), pl.col(EARLIER).alias("e")
        )
        flow = (
            ins.join(outs, on=[*groups, P], how="full", coalesce=True, nulls_equal=True)
            .fill_null(0)
            .select(*groups, P, "i", (pl.col("r") - pl.col("e") + pl.col("c")).alias("o"))
        )
    per_period = {at: grouped[at].select(*groups, P, pl.col(ROWS).alias("n")) for at in counted}
    return Batch(tables, per_period, flow)


# Rows whose values are gathered into lists for quantiles at a time (``_with_quantiles``).
QUANTILE_ROWS = 1 << 21


def _with_quantiles(
    table: pl.DataFrame,
    rows: pl.LazyFrame,
    groups: Sequence[str],
    lists: list[pl.Expr],
    after: list[pl.Expr],
) -> pl.DataFrame:
    """``table`` (a group-by's output, with its rows per group) joined with the quantiles
    ``after`` takes from each group's values gathered into ``lists``, a few periods at a time:
    gathering 10M rows at once took 0.33 GB, four times the values themselves (the group-by
    copies its input and hashes and indexes every row); 2M rows at a time take 0.07 GB."""
    per_period = table.group_by(P).agg(pl.col(ROWS).sum()).sort(P)
    spans: list[tuple[date, date]] = []  # first and last period of each batch
    size = 0
    for period, n in per_period.iter_rows():
        if spans and size + n <= QUANTILE_ROWS:
            spans[-1] = (spans[-1][0], period)
            size += n
        else:
            spans.append((period, period))
            size = n
    names = [e.meta.output_name() for e in lists]
    # Only rows with a value to gather (the open tickets have none): 20% less work.
    valued = pl.any_horizontal(pl.col(c).is_not_null() for c in _listed_columns(lists))
    rows = rows.filter(valued)
    batches = [rows.filter(pl.col(P).is_between(a, b)) for a, b in spans]
    parts = []
    for part in batches if len(batches) > 1 else [rows]:  # one batch: no filter needed
        grouped = part.group_by([*groups, P]).agg(lists).collect()
        parts.append(grouped.with_columns(after).drop(names))
    return table.join(pl.concat(parts), on=[*groups, P], how="left", nulls_equal=True)


def _listed_columns(lists: list[pl.Expr]) -> list[str]:
    return [name for e in lists for name in e.meta.root_names()]


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
