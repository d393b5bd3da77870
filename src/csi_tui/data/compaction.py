"""The engine's memory savings, each named for what it keeps, each applied from a ``SourcePlan``.

A large source's frame is the engine's memory: these keep of it only what is read later, in the
narrowest type that gives the same answers. Each one is exact for the readers the plan allows
(the tests compare with and without it); the sizes they save are in bench/README.md.

While a source is read (``read_shape``):
- ticket ids that only the duplicate check reads are kept as their 64-bit hashes;
- integer counts (reopens, reassignments) are kept as their sign in Int8 when only built-in KPIs
  read them (``> 0``, ``== 0``; nulls stay null); the report keeps their real type, the preview
  their real values (read again for those rows);
- a computed ``resolution_hours`` is made after the read and the checks, not read with it;
- unparseable-value flags only for the date-time columns that are kept.

Once it is read (``compact_counts``, ``drop_times_after_keys``):
- counts as signs, negative hours as null (the checks counted them already);
- the date-times dropped once their period keys and observations are taken.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import polars as pl

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source
from csi_tui.data import columns as cols
from csi_tui.data import kpis
from csi_tui.data.lazy_source import LazySource, canonical_mapping, resolution_hours
from csi_tui.data.plan import SourcePlan
from csi_tui.data.quality import ID_HASH, id_hash_expr

FLAG = "__bad:"  # a parse flag column read with the data: "__bad:<raw column>"


@dataclass(frozen=True)
class ReadShape:
    """Which columns a source's read keeps, and in what form."""

    columns: tuple[str, ...]  # the frame's columns once whole again, in order
    exprs: tuple[pl.Expr, ...]  # what the read selects
    ids_as_hashes: bool
    signs: tuple[str, ...]  # counts kept as their sign
    hours_after_read: bool
    flags: tuple[str, ...]  # parse flags read along (dropped once counted)

    @property
    def read_again_for_preview(self) -> list[str]:
        """Columns the preview shows as they are in the data (the read kept something else)."""
        return (["ticket_id"] if self.ids_as_hashes else []) + list(self.signs)

    def with_hours(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The hours made after the read, in the place they would have had; the ids' hashes stay
        last until they are dropped."""
        if not self.hours_after_read:
            return frame
        order = self.columns
        return frame.with_columns(resolution_hours()).select(
            [c for c in order if c in frame.columns or c == cols.RESOLUTION_HOURS]
            + [c for c in frame.columns if c not in order]
        )


def read_shape(
    source: Source,
    lazy: LazySource,
    wanted: Sequence[str],
    types: pl.Schema,
    counts_as_signs: bool,
) -> ReadShape:
    """The read of ``wanted`` columns (those the metrics need), plus what the checks read."""
    available = types.names()
    keep = list(wanted)
    ids_as_hashes = (
        source.kind == "tickets"
        and source.rollup is None
        and "ticket_id" in available
        and "ticket_id" not in keep
    )
    date_col = cols.DATE_COLUMN[source.kind]
    for extra in (date_col, "ticket_id", "resolved_at", cols.RESOLUTION_HOURS):
        if (
            extra in available
            and extra not in keep
            and not (extra == "ticket_id" and ids_as_hashes)
        ):
            keep.append(extra)
    in_order = tuple(keep)
    # Not when a derived column or the source's filter might read the hours during the read.
    later = lazy.hours_computed and not source.derived and not source.filter
    later = later and all(c in keep for c in (cols.RESOLUTION_HOURS, "opened_at", "resolved_at"))
    if later:
        keep.remove(cols.RESOLUTION_HOURS)
    signs = [c for c in cols.INT_COLUMNS if counts_as_signs and c in keep and types[c].is_integer()]
    # A flag on a column nobody reads would make polars parse it.
    mapping = canonical_mapping(source, lazy.raw_schema.names())
    used_raw = set(keep) | {mapping[c] for c in keep if c in mapping}
    flags = [c for c in available if c.startswith(FLAG) and c[len(FLAG) :] in used_raw]
    exprs = [pl.col(c).sign().cast(pl.Int8) if c in signs else pl.col(c) for c in keep + flags]
    if ids_as_hashes:
        exprs.append(id_hash_expr())
    return ReadShape(in_order, tuple(exprs), ids_as_hashes, tuple(signs), later, tuple(flags))


def without_check_only_ids(
    frame: pl.DataFrame, source: Source, needed: Collection[str] | None
) -> pl.DataFrame:
    """``frame`` without the ids (or their hashes) read only for the duplicate check: millions
    of them would be the frame's largest part."""
    unused = [c for c in ("ticket_id", ID_HASH) if needed is not None and c not in needed]
    if unused and source.kind == "tickets":
        return frame.drop(unused, strict=False)
    return frame


def compact_counts(plan: SourcePlan, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its integer counts as their sign in Int8, and ``resolution_hours`` null
    where negative (``kpis.guard_hours``), when only built-in KPIs read the rows. A frame read
    with ``counts_read_as_signs`` has its counts so already; this covers one that was not."""
    if not plan.counts_as_signs:
        return frame
    counts = [
        c
        for c in cols.INT_COLUMNS
        if c in frame.columns and frame.schema[c].is_integer() and frame.schema[c] != pl.Int8
    ]
    compact = frame.with_columns(pl.col(c).sign().cast(pl.Int8) for c in counts)
    return kpis.guard_hours(compact)


def drop_times_after_keys(
    plan: SourcePlan,
    metrics: Sequence[Metric],
    frame: pl.DataFrame,
    observed: Collection[str],
) -> pl.DataFrame:
    """``frame`` without its datetime columns when every metric reads only their period keys
    and the observed ones among ``metrics`` have their observations taken (``observed``)."""
    if not plan.drop_times_after_keys:
        return frame
    for m in metrics:
        if m.kpi and kpis.KPIS[m.kpi].observed and m.id not in observed:
            return frame
    timed = [c for c in cols.DATETIME_COLUMNS if kpis.pkey(c) in frame.columns]
    return frame.drop(timed)
