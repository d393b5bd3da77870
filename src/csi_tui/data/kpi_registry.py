"""The built-in KPIs: each one object, read by everything that knows about KPIs.

The cycle format's validation and JSON Schema (``cycle/checks.py``, ``cycle/schema.py``), the
metric form, the data engine (``data/kpis.py``), the natural bounds of the analysis and the
table in docs/kpis.md (``kpi_docs.py``, kept current by a test) all read ``KPIS``.

Importing this module does not load polars (the cycle layer reads it at start-up): a KPI's
per-row expression is built by its ``row`` function, which imports polars when called.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from csi_tui.data.columns import RESOLUTION_HOURS

if TYPE_CHECKING:
    import polars as pl

Options = Mapping[str, str | int | float | bool]  # ``[metrics.options]`` (model.OptionValue)
RowExpr = Callable[[Options], "pl.Expr"]
# How the analysis reads the values (``MetricSeries.kind``); "custom" is a formula's.
Kind = Literal["mean", "rate", "count", "quantile", "ratio", "custom"]
# How its per-period values are computed: "rows" aggregate the rows each period holds (one
# group-by per placing column, ``kpi_batch.batch``); the others have a function of their own in
# ``kpis.py`` because a period's value depends on rows outside it.
Computed = Literal["rows", "backlog", "flow_ratio", "outages"]
# How "rows" KPIs aggregate a period's rows: count them, mean / median / quantile of ``row``,
# 100 x the share of true ``row`` flags, or as ``options.agg`` says (periodic sources).
Aggregation = Literal["count", "mean", "median", "quantile", "percent", "per_option", "own"]
# What a value is by nature, for the bounds charts and control limits stop at.
Measure = Literal["count", "duration", "percentage", "ratio"]


@dataclass(frozen=True)
class OptionSwitch:
    """An option that changes the columns a KPI reads: ``with_it`` when set, else ``without``."""

    option: str
    with_it: tuple[str, ...]
    without: tuple[str, ...]


@dataclass(frozen=True)
class Kpi:
    """One built-in KPI: what it reads, how a period's value is made, and how it is described."""

    name: str
    doc: str  # one line: what a period's value is (schema hover text, hints)
    kind: Kind
    at: str  # the column that places a row in a period (``options.at`` overrides it)
    value_doc: str  # docs/kpis.md "value per period": the formula, with its options
    n_doc: str  # docs/kpis.md "n": what the n beside each value counts
    needs: tuple[str, ...] = ()  # canonical columns read besides ``at``
    switch: OptionSwitch | None = None
    unit: str = ""  # of the values; "" where the source says (``value``) or none (a ratio)
    better: Literal["lower", "higher"] | None = None  # a hint for a new metric's direction
    measure: Measure | None = None  # None: only the metric's unit can say
    computed: Computed = "rows"
    aggregation: Aggregation = "count"
    row: RowExpr | None = None  # the per-row value or 0/1 flag aggregated; None: rows counted
    quantile: float | None = None  # the default of ``options.quantile`` (a "quantile" KPI)
    observed: bool = False  # per-row observations (for the before/after tests) make sense
    placed_doc: str = ""  # docs/kpis.md "placed by"; "" for ``at``

    def needed(self, options: Options) -> tuple[str, ...]:
        """Canonical columns the KPI reads with these options (the placing one first)."""
        at = options.get("at")
        needs = [at if isinstance(at, str) else self.at, *self.needs]
        if self.switch is not None:
            s = self.switch
            needs += s.with_it if s.option in options else s.without
        return tuple(needs)


def option_list(options: Options, name: str) -> list[str] | None:
    """A comma-separated option as a list (e.g. ``major_priorities = "1 - Critical, 2 - High"``)."""
    value = options.get(name)
    if value is None:
        return None
    return [v.strip() for v in str(value).split(",") if v.strip()]


# ---------------------------------------------------------------- per-row values (``Kpi.row``)
def guarded_hours(options: Options) -> pl.Expr:
    """``resolution_hours``, null where negative (``kpis.guard_hours`` does it to a frame)."""
    import polars as pl

    hours = pl.col(RESOLUTION_HOURS)
    return pl.when(hours >= 0).then(hours)  # resolved before opened: left out


def _sla_met(options: Options) -> pl.Expr:
    import polars as pl

    if "sla_hours" in options:
        limit = float(options["sla_hours"])
        hours = pl.col(RESOLUTION_HOURS)
        return pl.when(hours >= 0).then(hours <= limit)
    return pl.col("made_sla")


def _reopened(options: Options) -> pl.Expr:
    import polars as pl

    return pl.col("reopen_count") > 0


def _never_reassigned(options: Options) -> pl.Expr:
    import polars as pl

    return pl.col("reassignment_count") == 0


def _escalated(options: Options) -> pl.Expr:
    import polars as pl

    return pl.col("escalated")


def _major(options: Options) -> pl.Expr:
    import polars as pl

    majors = option_list(options, "major_priorities")
    if majors:
        return pl.col("priority").cast(pl.String).is_in(majors)
    return pl.col("major")


def _value(options: Options) -> pl.Expr:
    import polars as pl

    return pl.col("value")


# ---------------------------------------------------------------- the registry
def _mttr(name: str, doc: str, value_doc: str, n_doc: str, aggregation: Aggregation) -> Kpi:
    """A resolution time in calendar hours of the tickets resolved in the period."""
    return Kpi(
        name=name,
        doc=doc,
        kind="mean" if aggregation == "mean" else "quantile",
        at="resolved_at",
        needs=("opened_at", RESOLUTION_HOURS),
        value_doc=value_doc,
        n_doc=n_doc,
        unit="h",
        better="lower",
        measure="duration",
        aggregation=aggregation,
        row=guarded_hours,
        quantile=0.9 if aggregation == "quantile" else None,
        observed=True,
    )


def _rate(
    *,
    name: str,
    doc: str,
    at: str,
    value_doc: str,
    n_doc: str,
    row: RowExpr,
    better: Literal["lower", "higher"],
    needs: tuple[str, ...] = (),
    switch: OptionSwitch | None = None,
) -> Kpi:
    """A percentage of tickets: 100 x the share whose ``row`` flag is true."""
    return Kpi(
        name=name,
        doc=doc,
        kind="rate",
        at=at,
        needs=needs,
        switch=switch,
        value_doc=value_doc,
        n_doc=n_doc,
        unit="%",
        better=better,
        measure="percentage",
        aggregation="percent",
        row=row,
        observed=True,
    )


_ALL = (
    Kpi(
        name="volume",
        doc="tickets opened in the period",
        kind="count",
        at="opened_at",
        value_doc="count of tickets",
        n_doc="same",
        unit="tickets",
        better="lower",
        measure="count",
    ),
    Kpi(
        name="resolved",
        doc="tickets resolved in the period",
        kind="count",
        at="resolved_at",
        value_doc="count of tickets",
        n_doc="same",
        unit="tickets",
        better="higher",
        measure="count",
    ),
    Kpi(
        name="backlog",
        doc="tickets open at the end of the period",
        kind="count",
        at="opened_at",
        needs=("resolved_at",),
        value_doc="tickets open at the end of the period: `opened_at < end` and not "
        "(`resolved_at < end`)",
        n_doc="same",
        placed_doc="end of period",
        unit="tickets",
        better="lower",
        measure="count",
        computed="backlog",
        aggregation="own",
    ),
    _mttr(
        "mttr_mean",
        "mean resolution time (calendar hours) of tickets resolved in the period",
        value_doc="mean of `resolution_hours`",
        n_doc="tickets with a duration >= 0",
        aggregation="mean",
    ),
    _mttr(
        "mttr_median",
        "median resolution time (calendar hours)",
        value_doc="median of `resolution_hours`",
        n_doc="same",
        aggregation="median",
    ),
    _mttr(
        "mttr_p90",
        "90th percentile of resolution time (calendar hours)",
        value_doc="90th percentile of `resolution_hours`, linear interpolation (option "
        "`quantile`, default 0.9)",
        n_doc="same",
        aggregation="quantile",
    ),
    _rate(
        name="sla_compliance",
        doc="% of tickets resolved in the period that met their SLA",
        at="resolved_at",
        switch=OptionSwitch("sla_hours", with_it=(RESOLUTION_HOURS,), without=("made_sla",)),
        value_doc="100 x share of `made_sla` true (or, with option `sla_hours = 24`, of "
        "`resolution_hours <= sla_hours`)",
        n_doc="tickets with a known outcome",
        row=_sla_met,
        better="higher",
    ),
    _rate(
        name="reopen_rate",
        doc="% of tickets resolved in the period that were reopened",
        at="resolved_at",
        needs=("reopen_count",),
        value_doc="100 x share with `reopen_count > 0`",
        n_doc="tickets with a count",
        row=_reopened,
        better="lower",
    ),
    _rate(
        name="first_assignment_resolution",
        doc="% of tickets resolved without reassignment",
        at="resolved_at",
        needs=("reassignment_count",),
        value_doc="100 x share with `reassignment_count = 0`",
        n_doc="tickets with a count",
        row=_never_reassigned,
        better="higher",
    ),
    _rate(
        name="escalation_rate",
        doc="% of tickets opened in the period that were escalated",
        at="opened_at",
        needs=("escalated",),
        value_doc="100 x share with `escalated` true",
        n_doc="tickets with a flag",
        row=_escalated,
        better="lower",
    ),
    _rate(
        name="major_incident_rate",
        doc="% of tickets opened in the period that were major incidents",
        at="opened_at",
        switch=OptionSwitch("major_priorities", with_it=("priority",), without=("major",)),
        value_doc="100 x share with `major` true (or, with option "
        '`major_priorities = "1 - Critical, 2 - High"`, whose `priority` is one of them)',
        n_doc="tickets with a flag",
        row=_major,
        better="lower",
    ),
    Kpi(
        name="flow_ratio",
        doc="tickets resolved / tickets opened in the period",
        kind="ratio",
        at="opened_at",
        needs=("resolved_at",),
        value_doc="resolved in the period / opened in the period",
        n_doc="opened",
        placed_doc="both",
        better="higher",
        measure="ratio",
        computed="flow_ratio",
        aggregation="own",
    ),
    Kpi(
        name="availability",
        doc="% of the period not covered by outage windows (outages source)",
        kind="ratio",
        at="start",
        needs=("end",),
        value_doc="100 x (1 - downtime / period length); outage windows (`start`, `end`) are "
        "merged where they overlap and clipped to the period",
        n_doc="outages starting in the period",
        placed_doc="overlap",
        unit="%",
        better="higher",
        measure="percentage",
        computed="outages",
        aggregation="own",
    ),
    Kpi(
        name="mtbf",
        doc="mean time between failures, hours (outages source)",
        kind="mean",
        at="start",
        needs=("end",),
        value_doc="(period length - downtime) / outages starting in the period, hours; empty "
        "when none started",
        n_doc="outages starting",
        unit="h",
        better="higher",
        measure="duration",
        computed="outages",
        aggregation="own",
    ),
    Kpi(
        name="outage_count",
        doc="outages starting in the period (outages source)",
        kind="count",
        at="start",
        value_doc="outages starting in the period",
        n_doc="same",
        unit="outages",
        better="lower",
        measure="count",
    ),
    Kpi(
        name="value",
        doc="the value column of a pre-aggregated (periodic) source",
        kind="custom",
        at="period",
        needs=("value",),
        value_doc='the `value` column of a periodic source, mean per period (option `agg = "sum"`'
        ', `"min"`, `"max"`, `"last"`)',
        n_doc="rows",
        aggregation="per_option",
        row=_value,
    ),
)

# The built-in KPIs by name, in the order docs/kpis.md lists them.
KPIS: Mapping[str, Kpi] = MappingProxyType({kpi.name: kpi for kpi in _ALL})
# Aggregated from the rows each period holds (one group-by per placing column).
ROW_WISE = frozenset(name for name, kpi in KPIS.items() if kpi.computed == "rows")
# Tickets open at each period's end, from the tickets in and out of every period up to it.
FROM_FLOWS = frozenset(name for name, kpi in KPIS.items() if kpi.computed == "backlog")
