"""One source, from files to a typed frame of tickets (or outages, or periods), with its report.

The pipeline, all lazy until one collect (plus, for an event log, one counting query):
scan -> parse datetimes (explicit formats guessed from a sample) -> drop events without an order
time -> roll up an event log -> map columns onto canonical names -> type booleans and numbers ->
derived columns (polars SQL) -> computed ``resolution_hours``. The eager tail drops rows without
the date that places them in time and rows failing ``Source.filter``, counting each reason, so
rows read == rows kept + rows dropped (+ the events a roll-up merged into their tickets, which are
counted apart: they are not lost).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from csi_tui.cycle.model import Cycle
from csi_tui.cycle.sources import Source
from csi_tui.cycle.sql_safety import hint_for, sql_expr
from csi_tui.data import columns as cols
from csi_tui.data import compaction, zones
from csi_tui.data.compaction import FLAG
from csi_tui.data.lazy_source import (
    LazySource,
    _example_bad,
    _no_zone_clash,
    _short,
    base_dir,
    canonical_mapping,
    plan_source,
    source_key,
)
from csi_tui.data.quality import ID_HASH, source_findings
from csi_tui.data.readers import read_problem, resolve_files
from csi_tui.data.results import ColumnInfo, DropCount, Finding, SourceReport
from csi_tui.data.source_access import is_url
from csi_tui.data.source_preview import (
    PREVIEW_ROWS,
    detached,
    first_kept_rows,
    is_key,
    preview_read_again,
    without_keys,
)
from csi_tui.data.time_limit import within_limit
from csi_tui.errors import CsiError, Problem

T = TypeVar("T")
FILTER_COL = "__keep"  # the source's filter, read as a column: counted, then applied


@dataclass(frozen=True)
class PreparedSource:
    frame: pl.DataFrame  # no rows when the source is unusable (its report says why)
    report: SourceReport
    # The error findings of the report in the CLI's FILE: key: message form.
    problems: tuple[Problem, ...] = ()


def prepare_source(
    cycle: Cycle,
    source: Source,
    needed: Collection[str] | None,
    now: datetime,
    compact: bool = False,
) -> PreparedSource:
    """Read, parse, roll up and check one source; ``needed``: columns metrics use (None: all).
    ``compact``: only built-in KPIs read the rows, so the counts are read as their signs
    (``compaction``); the report still gives their real type, and the preview their values."""
    lazy = plan_source(cycle, source)
    types = lazy.lazy.collect_schema()
    available = types.names()
    no_date = missing_date_column(cycle, source, available)
    if no_date is not None:
        raise no_date
    problems, lacking = _lacking(cycle, source, needed, available, lazy.mapping_problems)
    wanted = [c for c in available if (needed is None or c in needed) and not c.startswith(FLAG)]
    shape = compaction.read_shape(source, lazy, wanted, types, compact)
    frame, counts = _read(cycle, source, lazy, shape, types)
    tickets = frame.height if source.rollup is not None else None  # made by the roll-up
    first_kept = (
        first_kept_rows(frame, source, FILTER_COL) if shape.read_again_for_preview else None
    )
    drops, frame = _without_undated(cycle, source, lazy, frame, counts)
    drops, frame = drops + _filter_drops(source, frame), _filtered(frame)
    findings = _unparseable_findings(cycle, source, lazy, counts)
    rows_read = int(counts["rows_read"])
    if frame.height == 0:
        problems.append(_no_rows(cycle, source, rows_read, drops))
    else:
        findings.extend(source_findings(cycle, source, frame, needed, now, shape.hours_after_read))
    findings = [*error_findings(source.id, problems, list(lacking.values())), *findings]
    frame = shape.with_hours(frame)
    if first_kept is not None:
        head = frame.head(PREVIEW_ROWS).drop(ID_HASH, strict=False)
        columns = shape.read_again_for_preview
        preview = preview_read_again(lazy, head, first_kept, columns, cycle, source)
    else:
        preview = detached(without_keys(frame.head(PREVIEW_ROWS)))
    frame = compaction.without_check_only_ids(frame, source, needed)
    report = _report(source, lazy, frame, types, counts, tickets, drops, findings, preview)
    return PreparedSource(frame, report, tuple(problems))


def _lacking(
    cycle: Cycle,
    source: Source,
    needed: Collection[str] | None,
    available: Sequence[str],
    mapping_problems: Sequence[Problem],
) -> tuple[list[Problem], dict[str, str]]:
    """The problems with the mapping and the columns metrics need that the source lacks, each
    with its neighbours (the metrics that need it get no values; the rest of the source still
    serves the others), and who -> the first column it lacks (the rest often follow)."""
    problems: list[Problem] = list(mapping_problems)
    lacking: dict[str, str] = {}
    if isinstance(needed, Mapping):  # column -> (who needs it, key to fix)
        for name, (who, fix_key) in needed.items():
            if name not in available and who not in lacking:
                lacking[who] = name
                problems.append(
                    Problem(
                        f"{who} needs column {name!r}, which source {source.id!r} does not have",
                        file=cycle.path,
                        key=fix_key,
                        hint="map it in [sources.columns]; " + cols.closest_hint(name, available),
                    )
                )
    return problems, lacking


def _read(
    cycle: Cycle,
    source: Source,
    lazy: LazySource,
    shape: compaction.ReadShape,
    types: pl.Schema,
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """The rows as ``shape`` keeps them (with the source's filter as a column, ``FILTER_COL``)
    and the counts: rows read, values that did not parse (and, for an event log, were empty)."""
    key = source_key(cycle, source)
    query = lazy.lazy.select(*shape.exprs)
    if source.filter:
        try:
            condition = sql_expr(source.filter)
            keep = condition.fill_null(False).alias(FILTER_COL)
            query = lazy.lazy.select(*shape.exprs, keep)
            require_condition(query.collect_schema()[FILTER_COL])
            _no_zone_clash(types, condition)
        except Exception as error:
            mixed = zones.clash(error)
            raise CsiError.one(
                f"filter: {mixed or _short(error)}",
                file=cycle.path,
                key=f"{key}.filter",
                hint=zones.ZONE_HINT
                if mixed
                else hint_for(error, "write a polars SQL condition, e.g. state <> 'Cancelled'"),
            ) from error
    try:
        if lazy.counts is not None:
            both = [query, lazy.counts]
            frame, counts_frame = _collect(lambda: pl.collect_all(both), cycle, source, key)
            return frame, counts_frame.row(0, named=True)
        frame = _collect(query.collect, cycle, source, key)
    except pl.exceptions.PolarsError as error:
        raise read_problem(error, lazy.files, key, cycle.path) from error
    counts: dict[str, Any] = {"rows_read": frame.height}
    counts.update({f[2:]: frame[f].sum() for f in shape.flags})  # "__bad:x" -> "bad:x"
    return frame.drop(shape.flags), counts


def _without_undated(
    cycle: Cycle, source: Source, lazy: LazySource, frame: pl.DataFrame, counts: dict[str, Any]
) -> tuple[list[DropCount], pl.DataFrame]:
    """Events without an order time (before a roll-up), then rows without the date that places
    them in time, each reason counted."""
    zone = cycle.cycle.timezone
    date_col = cols.DATE_COLUMN[source.kind]
    drops: list[DropCount] = []
    if source.rollup is not None:
        order = source.rollup.order_by
        bad, empty = int(counts[f"bad:{order}"]), int(counts[f"empty:{order}"])
        if bad:
            example = _example_bad(lazy, order, lazy.datetime_raw[order], source, zone)
            drops.append(DropCount(f"{order} unparseable {example}".strip(), bad))
        if empty:
            drops.append(DropCount(f"{order} empty", empty))
    missing = frame[date_col].is_null()
    n_missing = int(missing.sum())
    if not n_missing:
        return drops, frame
    raw_date = canonical_mapping(source, lazy.raw_schema.names()).get(date_col, date_col)
    bad = int(counts.get(f"bad:{raw_date}", 0)) if source.rollup is None else 0
    if bad:
        example = _example_bad(lazy, raw_date, lazy.datetime_raw.get(raw_date, ""), source, zone)
        drops.append(DropCount(f"{date_col} unparseable {example}".strip(), bad))
    if n_missing - bad:
        drops.append(DropCount(f"{date_col} empty", n_missing - bad))
    return drops, frame.filter(~missing)


def _filter_drops(source: Source, frame: pl.DataFrame) -> list[DropCount]:
    if FILTER_COL not in frame.columns:
        return []
    failing = int(frame[FILTER_COL].not_().sum())
    return [DropCount(f"filter: {source.filter}", failing)] if failing else []


def _filtered(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows the source's filter keeps, without the filter's column."""
    if FILTER_COL not in frame.columns:
        return frame
    if not frame[FILTER_COL].all():
        frame = frame.filter(pl.col(FILTER_COL))
    return frame.drop(FILTER_COL)


def _unparseable_findings(
    cycle: Cycle, source: Source, lazy: LazySource, counts: dict[str, Any]
) -> list[Finding]:
    """Other datetime columns that did not parse: kept as empty values, reported."""
    if source.rollup is not None:
        return []
    findings = []
    date_col = cols.DATE_COLUMN[source.kind]
    mapping = canonical_mapping(source, lazy.raw_schema.names())
    for raw_name, fmt in lazy.datetime_raw.items():
        bad = int(counts.get(f"bad:{raw_name}", 0))
        canonical = next((c for c, r in mapping.items() if r == raw_name), raw_name)
        if bad and canonical != date_col:
            example = _example_bad(lazy, raw_name, fmt, source, cycle.cycle.timezone)
            findings.append(
                Finding(
                    "warning",
                    "unparseable_values",
                    f"{bad} values of {raw_name!r} could not be read as date-times "
                    f"({example}); they count as empty",
                    f"set datetime_format for this source (guessed {fmt!r})",
                    source=source.id,
                    column=canonical,
                    count=bad,
                )
            )
    return findings


def _no_rows(cycle: Cycle, source: Source, rows_read: int, drops: list[DropCount]) -> Problem:
    reasons = "; ".join(f"{d.reason}: {d.count}" for d in drops) or "the files hold no rows"
    return Problem(
        f"source {source.id!r} has no rows left ({rows_read} read; {reasons})",
        file=cycle.path,
        key=source_key(cycle, source),
        hint="check the path, the filter and the date columns",
    )


def _report(
    source: Source,
    lazy: LazySource,
    frame: pl.DataFrame,
    types: pl.Schema,
    counts: dict[str, Any],
    tickets: int | None,
    drops: list[DropCount],
    findings: list[Finding],
    preview: pl.DataFrame,
) -> SourceReport:
    rows_read = int(counts["rows_read"])
    events = None
    if source.rollup is not None:  # events merged into their ticket are not dropped
        order = source.rollup.order_by
        events = rows_read - int(counts[f"bad:{order}"]) - int(counts[f"empty:{order}"])
    date_col = cols.DATE_COLUMN[source.kind]
    dates = frame[date_col]
    return SourceReport(
        id=source.id,
        files=tuple(str(f) for f in lazy.files),
        rows_read=rows_read,
        rows_kept=frame.height,
        dropped=tuple(drops),
        rolled_up_from=events,
        rolled_up_to=tickets,
        date_column=date_col,
        date_min=_naive_local(dates.min()),
        date_max=_naive_local(dates.max()),
        columns=tuple(
            ColumnInfo(name, str(types.get(name, dtype)), int(frame[name].null_count()))
            for name, dtype in frame.schema.items()
            if not is_key(name)
        ),
        findings=tuple(findings),
        preview=preview,
    )


def _collect(work: Callable[[], T], cycle: Cycle, source: Source, key: str) -> T:
    """The read, within the time limit when the source's own SQL (filter, derived) runs in it."""
    if not source.filter and not source.derived:
        return work()
    where = f"{key}.filter" if source.filter else f"{key}.derived"
    return within_limit(work, f"reading source {source.id!r}", cycle.path, where)


def require_condition(kind: pl.DataType) -> None:
    """A filter must give true or false: polars says so only once the rows are read, raising."""
    if kind != pl.Boolean:
        raise ValueError(f"the condition gives {kind} values, not true or false")


def missing_date_column(cycle: Cycle, source: Source, available: Sequence[str]) -> CsiError | None:
    """The error when the source lacks the date that places its rows in time."""
    date_col = cols.DATE_COLUMN[source.kind]
    if date_col in available:
        return None
    return CsiError.one(
        f"source {source.id!r} has no {date_col!r} column, which places its rows in time",
        file=cycle.path,
        key=f"{source_key(cycle, source)}.columns.{date_col}",
        hint=f'map it: [sources.columns] {date_col} = "<column>"; '
        + cols.closest_hint(date_col, available),
    )


def error_findings(
    source_id: str, problems: Sequence[Problem], columns: Sequence[str] = ()
) -> list[Finding]:
    """A source's problems as error findings on its report (what is wrong, what to do);
    ``columns``: the missing column of each of the first problems, when that is what they are."""
    out = []
    for i, p in enumerate(problems):
        column = columns[i] if i < len(columns) else None
        code = "missing_column" if column is not None else "source_unusable"
        out.append(Finding("error", code, p.message, p.hint or "", source=source_id, column=column))
    return out


def broken_source(cycle: Cycle, source: Source, error: CsiError) -> PreparedSource:
    """A source that could not be read at all (missing file, unreadable, a column its
    mapping names is not there): an empty frame and a report carrying the error."""
    try:
        files = [str(f) for f in resolve_files(source, base_dir(cycle), "", cycle.path)]
    except CsiError:
        pattern = Path(source.path).expanduser()
        absolute = pattern if pattern.is_absolute() else base_dir(cycle) / pattern
        files = [source.path if is_url(source.path) else str(absolute)]
    report = SourceReport(
        id=source.id,
        files=tuple(files),
        rows_read=0,
        rows_kept=0,
        date_column=cols.DATE_COLUMN[source.kind],
        findings=tuple(error_findings(source.id, error.problems)),
    )
    return PreparedSource(pl.DataFrame(), report, error.problems)


def _naive_local(value: object) -> datetime | None:
    """Local wall-clock time in the cycle's zone, without tzinfo (what people read)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return None


__all__ = [
    "PreparedSource",
    "base_dir",
    "broken_source",
    "missing_date_column",
    "plan_source",
    "prepare_source",
    "require_condition",
    "source_key",
]
