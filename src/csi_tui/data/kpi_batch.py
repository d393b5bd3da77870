"""Row-wise KPIs in one pass: one group-by per column that places rows in periods.

Every built-in KPI computed from the rows each period holds (``kpi_registry.ROW_WISE``) is an
aggregation of its per-row value (``Kpi.row``) per period key (``__p_<column>``, added by the
engine) and group. ``batch`` puts all of them placed by the same column into one group-by, and
takes the backlog's flows and the rows per period from the same group-bys. The figures behind
these choices are in bench/README.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from csi_tui.cycle.model import Metric
from csi_tui.data import columns as cols
from csi_tui.data.kpi_registry import KPIS, Kpi, guarded_hours

P = "__p"  # period key column in KPI output
OPENED, RESOLVED = "opened_at", "resolved_at"
HOURS_SUM = pl.Decimal(38, 12)  # hours summed for a mean (see ``_row_value``)
ROWS, EARLIER = "__rows", "__earlier"  # rows per group; resolved in an earlier period
# Rows whose values are gathered into lists for quantiles at a time (``_with_quantiles``).
QUANTILE_ROWS = 1 << 21


def pkey(column: str) -> str:
    """The period key column of a placing column."""
    return f"__p_{column}"


@dataclass(frozen=True)
class Batch:
    """What one group-by per time column gives (``batch``)."""

    tables: dict[str, pl.DataFrame]  # metric id -> [*groups, __p, value, n]
    rows: dict[str, pl.DataFrame]  # time column -> [*groups, __p, n]: rows per period
    flows: pl.DataFrame | None  # [*groups, __p, i, o]: tickets entering / leaving the backlog


@dataclass(frozen=True)
class _Query:
    """The group-by of the rows placed by one column, and how to read each metric from it."""

    at: str
    rows: pl.LazyFrame  # [*groups, __p, per-row values]
    grouped: pl.LazyFrame  # its group-by
    lists: list[pl.Expr]  # list columns gathered for quantiles (``_with_quantiles``)
    after: list[pl.Expr]  # the quantiles taken from them
    output: dict[str, tuple[str, str]]  # metric id -> (value column, n column)
    floats: bool  # sums floats of a periodic source: run in a fixed order


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
    ``agg`` is evaluated group by group, copying the rows once per KPI.

    ``hours_guarded``: ``resolution_hours`` is null where negative already (``kpis.guard_hours``),
    so the MTTR KPIs aggregate the column itself instead of a guarded copy."""
    by_at: dict[str, list[Metric]] = {}
    for metric in metrics:
        by_at.setdefault(str(metric.options.get("at", _kpi(metric).at)), []).append(metric)
    for at in (*counted, *((OPENED, RESOLVED) if flows else ())):
        by_at.setdefault(at, [])
    moved = (OPENED, RESOLVED) if flows else ()
    queries = [
        _query(at, members, frame, groups, hours_guarded, at in moved)
        for at, members in by_at.items()
    ]
    tables: dict[str, pl.DataFrame] = {}
    grouped: dict[str, pl.DataFrame] = {}  # time column -> its group-by's output
    # One query at a time: the memory of one, not of all; each takes every core.
    for query in queries:
        table = _collect(query, groups)
        grouped[query.at] = table
        for metric_id, (value_col, n_col) in query.output.items():
            part = table.select(
                *groups, P, pl.col(value_col).alias("value"), pl.col(n_col).alias("n")
            )
            # Groups without a single usable value are "no data", as if they had no rows.
            tables[metric_id] = part.filter(pl.col("n") > 0)
    flow = _flows(grouped, groups) if flows else None
    per_period = {at: grouped[at].select(*groups, P, pl.col(ROWS).alias("n")) for at in counted}
    return Batch(tables, per_period, flow)


def _query(
    at: str,
    members: Sequence[Metric],
    frame: pl.DataFrame,
    groups: Sequence[str],
    hours_guarded: bool,
    moved: bool,
) -> _Query:
    """The group-by of ``members``' aggregations over the rows placed by ``at``; with ``moved``
    also the count of rows resolved in an earlier period than opened (``_flows``)."""
    values: dict[str, tuple[str, pl.Expr]] = {}  # per-row value -> (its column, it)
    aggs: list[pl.Expr] = []
    named: dict[str, str] = {}  # aggregation -> its column in the group-by's output
    gathered: dict[str, pl.Expr] = {}  # list columns, read by ``after``
    after: list[pl.Expr] = []
    output: dict[str, tuple[str, str]] = {}
    for i, metric in enumerate(members):
        row = _row_value(metric, hours_guarded)
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
        output[metric.id] = (named[str(value)], named[str(n)])
    extra = [pl.len().cast(pl.Int64).alias(ROWS)]
    if moved:
        earlier = (pl.col(pkey(RESOLVED)) < pl.col(pkey(OPENED))).alias(EARLIER)
        values[EARLIER] = (EARLIER, earlier)
        extra.append(pl.col(EARLIER).sum().cast(pl.Int64).alias(EARLIER))
    rows = frame.lazy().select(
        *groups, pl.col(pkey(at)).alias(P), *(e.alias(c) for c, e in values.values())
    )
    floats = any(_kpi(m).aggregation == "per_option" for m in members)
    grouped = rows.group_by([*groups, P]).agg(*aggs, *extra)
    return _Query(at, rows, grouped, list(gathered.values()), after, output, floats)


def _kpi(metric: Metric) -> Kpi:
    assert metric.kpi is not None
    return KPIS[metric.kpi]


def _row_value(metric: Metric, hours_guarded: bool) -> pl.Expr | None:
    """What a row-wise KPI aggregates for each row (None: it only counts rows)."""
    spec = _kpi(metric)
    if spec.row is None:
        return None
    row = pl.col(cols.RESOLUTION_HOURS) if hours_guarded and spec.row is guarded_hours else None
    row = spec.row(metric.options) if row is None else row
    if spec.aggregation == "mean":
        # Added up as decimals (to 1e-12 h), which is exact, so in any order: polars' threads
        # add floats in the order they finish, and the last digits of the mean changed from run
        # to run. NaN or out-of-range hours are left out, as empty ones.
        row = row.cast(HOURS_SUM, strict=False)
    return row


def _agg_exprs(metric: Metric, column: str | None) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
    """(value, n, gathered) aggregations of a row-wise KPI within one period group, over
    ``column``: its per-row value (``_row_value``), computed once before grouping.

    For a quantile (MTTR median, p90) ``gathered`` collects each group's values into a list
    column and ``value`` reads that list after the group-by: the same values as ``quantile``
    inside the group-by, in a third of the time."""
    spec = _kpi(metric)
    if column is None:
        return pl.len().cast(pl.Float64), pl.len().cast(pl.Int64), None
    v = pl.col(column)
    n = v.count().cast(pl.Int64)
    if spec.aggregation == "per_option":
        how = str(metric.options.get("agg", "mean"))
        agg = {"sum": v.sum(), "min": v.min(), "max": v.max(), "last": v.last()}
        return agg.get(how, v.mean()).cast(pl.Float64), n, None
    if spec.aggregation == "percent":
        return (v.mean() * 100.0).cast(pl.Float64), n, None
    if spec.aggregation in ("median", "quantile"):
        listed = f"{column}[]"
        if spec.aggregation == "median":
            pick = pl.element().median()
        else:
            assert spec.quantile is not None
            q = float(metric.options.get("quantile", spec.quantile))
            pick = pl.element().quantile(q, "linear")
        value = pl.col(listed).list.eval(pick).list.first()
        return value.cast(pl.Float64), n, v.drop_nulls().alias(listed)
    return v.mean().cast(pl.Float64), n, None


def _collect(query: _Query, groups: Sequence[str]) -> pl.DataFrame:
    # Values of a periodic source (any magnitude, so not decimals) are few: the in-memory
    # engine adds them in the same order every time.
    table = query.grouped.collect(engine="in-memory" if query.floats else "auto")
    table = table.filter(pl.col(P).is_not_null())
    if query.lists:
        table = _with_quantiles(table, query.rows, groups, query.lists, query.after)
    return table


def _flows(grouped: dict[str, pl.DataFrame], groups: Sequence[str]) -> pl.DataFrame:
    """``[*groups, __p, i, o]`` from the opened and resolved group-bys: a ticket enters in its
    opened period and leaves in the later of its opened and resolved periods (``kpis.backlog``),
    that is in its resolved period, except the few resolved in an earlier period than opened."""
    # In: rows per opened period. Out: rows per resolved period, less those resolved in an
    # earlier period than opened (e), which leave in their opened period instead (c).
    ins = grouped[OPENED].select(*groups, P, pl.col(ROWS).alias("i"), pl.col(EARLIER).alias("c"))
    outs = grouped[RESOLVED].select(*groups, P, pl.col(ROWS).alias("r"), pl.col(EARLIER).alias("e"))
    return (
        ins.join(outs, on=[*groups, P], how="full", coalesce=True, nulls_equal=True)
        .fill_null(0)
        .select(*groups, P, "i", (pl.col("r") - pl.col("e") + pl.col("c")).alias("o"))
    )


def _with_quantiles(
    table: pl.DataFrame,
    rows: pl.LazyFrame,
    groups: Sequence[str],
    lists: list[pl.Expr],
    after: list[pl.Expr],
) -> pl.DataFrame:
    """``table`` (a group-by's output, with its rows per group) joined with the quantiles
    ``after`` takes from each group's values gathered into ``lists``, a few periods at a time:
    gathering every value at once takes about four times the memory of the values themselves
    (the group-by copies its input and hashes and indexes every row)."""
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
    # Only rows with a value to gather: the open tickets have none.
    listed = [name for e in lists for name in e.meta.root_names()]
    rows = rows.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in listed))
    batches = [rows.filter(pl.col(P).is_between(a, b)) for a, b in spans]
    parts = []
    for part in batches if len(batches) > 1 else [rows]:  # one batch: no filter needed
        grouped = part.group_by([*groups, P]).agg(lists).collect()
        parts.append(grouped.with_columns(after).drop(names))
    return table.join(pl.concat(parts), on=[*groups, P], how="left", nulls_equal=True)
