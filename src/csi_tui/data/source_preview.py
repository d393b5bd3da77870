"""The first rows a source report shows (its preview), as they are in the data."""

from __future__ import annotations

import polars as pl

from csi_tui.cycle.model import Cycle
from csi_tui.cycle.sources import Source
from csi_tui.data import columns as cols
from csi_tui.data.lazy_source import LazySource, source_key
from csi_tui.data.readers import read_problem

PREVIEW_ROWS = 20


def first_kept_rows(frame: pl.DataFrame, source: Source, filter_col: str) -> pl.Series:
    """Positions in the read frame of the first rows that are kept (a date, the filter passed)."""
    kept = frame[cols.DATE_COLUMN[source.kind]].is_not_null()
    if filter_col in frame.columns:
        kept = kept & frame[filter_col]
    span = PREVIEW_ROWS
    while span < kept.len() and kept.head(span).sum() < PREVIEW_ROWS:
        span *= 4  # rows dropped at the top: look further
    return kept.head(span).arg_true().head(PREVIEW_ROWS)


def preview_read_again(
    lazy: LazySource,
    head: pl.DataFrame,
    positions: pl.Series,
    columns: list[str],
    cycle: Cycle,
    source: Source,
) -> pl.DataFrame:
    """The first kept rows with ``columns`` as they are in the data, when the full read took
    something else for them (the ids' hashes, the counts' signs): those columns of those rows
    read again, with the slice pushed down to the reader (whatever the file's size, a few rows).
    A ticket id comes first; a count stays where it was."""
    if positions.len() == 0:  # no row kept: nothing to show
        return detached(without_keys(head))
    try:
        found = lazy.lazy.select(columns).head(int(positions.max()) + 1).collect()  # type: ignore[arg-type]
    except pl.exceptions.PolarsError as error:
        key = source_key(cycle, source)
        raise read_problem(error, lazy.files, key, cycle.path) from error
    rows = found.select(pl.all().gather(positions))
    shown = head.with_columns(rows[c] for c in columns if c in head.columns)
    if "ticket_id" in columns and "ticket_id" not in head.columns:
        shown = shown.insert_column(0, rows["ticket_id"])
    return detached(without_keys(shown))


def is_key(name: str) -> bool:
    """A period key column the engine adds (``__p_<column>``), not one of the source's."""
    return name.startswith("__p_")


def without_keys(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(c for c in frame.columns if not is_key(c))


def detached(head: pl.DataFrame) -> pl.DataFrame:
    """A copy of a few rows that shares no memory with the frame they come from: a slice keeps
    every buffer of the whole column alive, and the report outlives the frame."""
    try:
        return pl.DataFrame(head.to_dict(as_series=False), schema=head.schema)
    except Exception:  # a type that does not round-trip through Python values: keep the slice
        return head
