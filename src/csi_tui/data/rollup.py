"""Event log -> one row per ticket (``Source.rollup``)."""

from __future__ import annotations

import polars as pl

from csi_tui.cycle.sources import Rollup


def rollup(events: pl.LazyFrame, spec: Rollup) -> pl.LazyFrame:
    """One row per ``spec.key``: the first or last event row by ``spec.order_by`` supplies the
    columns; first/last event times, status times and the event count are added.

    Ties in ``order_by`` keep file order (stable sort), and tickets come out in key order, so
    the result, down to the order the per-ticket values are summed in, does not depend on how
    polars splits the work.
    """
    key, order = spec.key, spec.order_by
    ordered = events.with_row_index("__event").sort([key, order, "__event"])
    rows = ordered.unique(subset=[key], keep=spec.keep, maintain_order=True).drop("__event")
    aggs: list[pl.Expr] = []
    if spec.first_as:
        aggs.append(pl.col(order).min().alias(spec.first_as))
    if spec.last_as:
        aggs.append(pl.col(order).max().alias(spec.last_as))
    for status in spec.times:
        hit = pl.col(status.column).cast(pl.String).is_in(list(status.values))
        reached = pl.col(order).filter(hit)
        aggs.append(
            (reached.min() if status.which == "first" else reached.max()).alias(status.name)
        )
    if spec.count_as:
        aggs.append(pl.len().alias(spec.count_as))
    if not aggs:
        return rows
    times = events.group_by(key).agg(aggs)
    # Status-time names may shadow columns of the kept row: the derived time wins.
    shadowed = [a.meta.output_name() for a in aggs]
    rows = rows.drop([c for c in shadowed if c in rows.collect_schema().names()])
    return rows.join(times, on=key, how="left", maintain_order="left")
