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
from typing import TypeVar

import polars as pl

from csi_tui.cycle.model import Cycle, Source
from csi_tui.cycle.sql_safety import hint_for, sql_expr
from csi_tui.data import columns as cols
from csi_tui.data import zones
from csi_tui.data.parsing import bool_expr, datetime_expr, guess_format, number_expr
from csi_tui.data.presets import preset_mapping
from csi_tui.data.quality import ID_HASH, id_hash_expr, source_findings
from csi_tui.data.readers import Location, read_problem, resolve_files, scan, source_format
from csi_tui.data.results import ColumnInfo, DropCount, Finding, SourceReport
from csi_tui.data.rollup import rollup
from csi_tui.data.source_access import is_url
from csi_tui.data.time_limit import within_limit
from csi_tui.errors import CsiError, Problem

T = TypeVar("T")
SAMPLE_ROWS = 2000
PREVIEW_ROWS = 20


@dataclass(frozen=True)
class PreparedSource:
    frame: pl.DataFrame  # no rows when the source is unusable (its report says why)
    report: SourceReport
    # The error findings of the report in the CLI's FILE: key: message form.
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class _Plan:
    lazy: pl.LazyFrame  # tickets, before the eager drops
    # Event logs: one row of rows read, unparseable / empty counts per datetime column. Else None:
    # the counts come from ``__bad:<column>`` flags carried in ``lazy`` (one pass over the file).
    counts: pl.LazyFrame | None
    datetime_raw: dict[str, str]  # parsed raw column -> format used
    files: list[Location]
    raw_lazy: pl.LazyFrame
    raw_schema: pl.Schema
    # resolution_hours is worked out from opened_at and resolved_at (the data has none of its own)
    hours_computed: bool = False
    # [sources.columns] entries naming a column the data lacks: only what reads them goes without
    mapping_problems: tuple[Problem, ...] = ()


def source_key(cycle: Cycle, source: Source) -> str:
    return f"sources[{cycle.sources.index(source)}]"


def base_dir(cycle: Cycle) -> Path:
    return cycle.path.parent if cycle.path is not None else Path.cwd()


def canonical_mapping(source: Source, raw_names: Collection[str]) -> dict[str, str]:
    """canonical name -> column it comes from (preset entries only when that column exists)."""
    mapping = {c: r for c, r in preset_mapping(source.preset).items() if r in raw_names}
    mapping.update(source.columns)
    return mapping


def plan_source(cycle: Cycle, source: Source) -> _Plan:
    key = source_key(cycle, source)
    files = resolve_files(source, base_dir(cycle), key, cycle.path)
    fmt = source_format(source, files, key, cycle.path)
    try:
        raw = scan(source, files, fmt)
        schema = raw.collect_schema()
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError, ValueError) as error:
        raise read_problem(error, files, key, cycle.path) from error
    samples: list[pl.DataFrame] = []

    def sample() -> pl.DataFrame:
        # Read only to guess a format: a typed file (Parquet) or a given format needs none, and
        # reading a Parquet file's first rows decodes a whole row group of every column.
        if not samples:
            try:
                samples.append(raw.head(SAMPLE_ROWS).collect())
            except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError, ValueError) as error:
                raise read_problem(error, files, key, cycle.path) from error
        return samples[0]

    names = list(schema.names())
    mapping = canonical_mapping(source, names)
    zone = cycle.cycle.timezone
    naive_zone = source.timezone or zone

    # Which raw columns hold datetimes: the rollup's order column, the declared ones, and those
    # mapped onto canonical datetime columns (when they exist before any rollup).
    wanted: list[str] = []
    if source.rollup is not None:
        _require(source.rollup.order_by, names, cycle, f"{key}.rollup.order_by")
        _require(source.rollup.key, names, cycle, f"{key}.rollup.key")
        wanted.append(source.rollup.order_by)
    for c in source.datetime_columns:
        _require(c, names, cycle, f"{key}.datetime_columns")
        wanted.append(c)
    for canonical, raw_name in mapping.items():
        if canonical in cols.DATETIME_COLUMNS and raw_name in names:
            wanted.append(raw_name)
    for canonical in cols.DATETIME_COLUMNS:
        if canonical in names and canonical not in mapping:
            wanted.append(canonical)
    wanted = list(dict.fromkeys(wanted))

    formats: dict[str, str] = {}
    parsed: dict[str, pl.Expr] = {}
    for name in wanted:
        dtype = schema[name]
        fmt_used: str | None = None
        if dtype == pl.String:
            fmt_used = source.datetime_format or guess_format(sample()[name], source.dayfirst)
            if fmt_used is None and sample()[name].drop_nulls().len() == 0:
                fmt_used = "%Y-%m-%dT%H:%M:%S%#z"  # nothing to guess from: ISO, the default
            if fmt_used is None:
                raise _unparseable(cycle, source, raw, name, sample()[name])
        elif dtype.is_numeric():
            fmt_used = source.datetime_format or "epoch_s"
        formats[name] = fmt_used or str(dtype)
        parsed[name] = datetime_expr(name, dtype, fmt_used, naive_zone, zone).alias(name)

    counts: pl.LazyFrame | None = None
    # Parsed once into a temporary column, which the flag and the column then both read: a flag
    # written with the parsing expression parsed every value twice (10M CSV rows: 0.5 s more).
    flagged = [n for n in parsed if not isinstance(schema[n], pl.Datetime | pl.Date)]
    flags = [
        (pl.col(n).is_not_null() & pl.col(f"__parsed:{n}").is_null()).alias(f"__bad:{n}")
        for n in flagged
    ]
    if source.rollup is not None:
        count_exprs = [pl.len().alias("rows_read")]
        for name, expr in parsed.items():
            bad = (pl.col(name).is_not_null() & expr.is_null()).sum()
            count_exprs.append(bad.alias(f"bad:{name}"))
            count_exprs.append(pl.col(name).is_null().sum().alias(f"empty:{name}"))
        counts = raw.select(count_exprs)
        flags = []

    lazy = raw
    if flags:
        temporary = [f"__parsed:{n}" for n in flagged]
        lazy = lazy.with_columns(
            parsed[n].alias(t) for n, t in zip(flagged, temporary, strict=True)
        )
        lazy = lazy.with_columns(*flags, *(pl.col(f"__parsed:{n}").alias(n) for n in flagged))
        lazy = lazy.drop(temporary)
    rest = [expr for n, expr in parsed.items() if not flags or n not in flagged]
    lazy = lazy.with_columns(rest) if rest else lazy
    if source.rollup is not None:
        lazy = rollup(lazy.filter(pl.col(source.rollup.order_by).is_not_null()), source.rollup)

    # Canonical names: aliases (one file column may feed two canonical names).
    present = lazy.collect_schema().names()
    aliases = []
    mapping_problems: list[Problem] = []
    for canonical, raw_name in mapping.items():
        if canonical in present and canonical == raw_name:
            continue
        if raw_name not in present:
            problem = Problem(
                f"column {raw_name!r} (mapped to {canonical}) is not in the data",
                file=cycle.path,
                key=f"{key}.columns.{canonical}",
                hint=cols.closest_hint(raw_name, present),
            )
            # Without the column that places rows in time the source is of no use; any other
            # mapping (a breakdown, a flag) only takes down the metrics that read it.
            if canonical == cols.DATE_COLUMN[source.kind]:
                raise CsiError((problem,))
            mapping_problems.append(problem)
            continue
        aliases.append(pl.col(raw_name).alias(canonical))
    if aliases:
        lazy = lazy.with_columns(aliases)
    lazy = _type_canonical(lazy, source, naive_zone, zone)
    had_hours = cols.RESOLUTION_HOURS in lazy.collect_schema().names()
    lazy = _all_zoned(_derived(lazy, cycle, source, key, naive_zone), naive_zone, zone)
    computed = not had_hours and cols.RESOLUTION_HOURS in lazy.collect_schema().names()
    return _Plan(lazy, counts, formats, files, raw, schema, computed, tuple(mapping_problems))


def _require(name: str, names: list[str], cycle: Cycle, key: str) -> None:
    if name not in names:
        raise CsiError.one(
            f"column {name!r} is not in the data",
            file=cycle.path,
            key=key,
            hint=cols.closest_hint(name, names),
        )


def _type_canonical(lazy: pl.LazyFrame, source: Source, naive_zone: str, zone: str) -> pl.LazyFrame:
    schema = lazy.collect_schema()
    exprs: list[pl.Expr] = []
    for name, dtype in schema.items():
        if name in cols.DATETIME_COLUMNS and not isinstance(dtype, pl.Datetime):
            # Canonical datetimes that only appear after a rollup: guessing needs data, so a
            # format must be given; ISO is the default.
            fmt = source.datetime_format or ("%Y-%m-%dT%H:%M:%S%#z" if dtype == pl.String else None)
            exprs.append(datetime_expr(name, dtype, fmt, naive_zone, zone).alias(name))
        elif name in cols.BOOL_COLUMNS:
            exprs.append(
                bool_expr(name, dtype, source.true_values, source.false_values).alias(name)
            )
        elif name in cols.INT_COLUMNS:
            exprs.append(number_expr(name, dtype, integer=True).alias(name))
        elif name in cols.FLOAT_COLUMNS:
            exprs.append(number_expr(name, dtype, integer=False).alias(name))
    lazy = lazy.with_columns(exprs) if exprs else lazy
    names = lazy.collect_schema().names()
    if source.kind == "outages":
        # Outages read as tickets too: an outage opens at its start and is resolved at its end
        # (a file's own opened_at / resolved_at only count when mapped explicitly).
        extra = [
            pl.col(a).alias(b)
            for a, b in (("start", "opened_at"), ("end", "resolved_at"))
            if a in names and b not in source.columns
        ]
        lazy = lazy.with_columns(extra) if extra else lazy
    return lazy


def _derived(
    lazy: pl.LazyFrame, cycle: Cycle, source: Source, key: str, naive_zone: str
) -> pl.LazyFrame:
    names = lazy.collect_schema().names()
    if "opened_at" in names and "resolved_at" in names and cols.RESOLUTION_HOURS not in names:
        # Before the derived columns, so they can use it.
        lazy = lazy.with_columns(resolution_hours())
    for i, derived in enumerate(source.derived):
        try:
            expr = sql_expr(derived.sql).alias(derived.name)
            before = lazy.collect_schema()
            lazy = lazy.with_columns(expr)
            dtype = lazy.collect_schema()[derived.name]
            _no_zone_clash(before, expr)
        except Exception as error:  # polars raises several types for bad SQL
            mixed = zones.clash(error)
            raise CsiError.one(
                f"derived column {derived.name!r}: {mixed or _short(error)}",
                file=cycle.path,
                key=f"{key}.derived[{i}].sql",
                hint=zones.ZONE_HINT
                if mixed
                else hint_for(
                    error,
                    "write a polars SQL expression; quote names with spaces in double quotes",
                ),
            ) from error
        # Date-times it makes get the source's zone, as parsed ones do (a comparison with the
        # cycle's window or another column would fail on a naive one).
        zoned = zones.zoned(derived.name, dtype, naive_zone, cycle.cycle.timezone)
        if zoned is not None:
            lazy = lazy.with_columns(zoned)
    return lazy


def _all_zoned(lazy: pl.LazyFrame, naive_zone: str, zone: str) -> pl.LazyFrame:
    """Every date-time column in the cycle's zone: typed ones nobody parsed (a Parquet column a
    metric is placed by) too, so each meets the window and the periods on the cycle's calendar."""
    exprs = [zones.zoned(n, t, naive_zone, zone) for n, t in lazy.collect_schema().items()]
    todo = [e for e in exprs if e is not None]
    return lazy.with_columns(todo) if todo else lazy


def _no_zone_clash(schema: pl.Schema, expr: pl.Expr) -> None:
    """Raise polars' error when ``expr`` compares date-times with and without a zone (checked
    over no rows); any other error is left to the read, as before."""
    try:
        zones.check_on_empty(schema, expr)
    except Exception as error:
        if zones.clash(error):
            raise


def resolution_hours() -> pl.Expr:
    """Hours from opened to resolved (negative when resolved first; the checks count those)."""
    seconds = (pl.col("resolved_at") - pl.col("opened_at")).dt.total_seconds(fractional=True)
    return (seconds / 3600.0).alias(cols.RESOLUTION_HOURS)


def _short(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _unparseable(
    cycle: Cycle, source: Source, raw: pl.LazyFrame, name: str, sample: pl.Series
) -> CsiError:
    values = sample.drop_nulls()
    example = values[0] if values.len() else None
    row = None
    if example is not None:
        idx = sample.to_list().index(example)
        row = idx + 1
    where = f" (data row {row})" if row is not None else ""
    return CsiError.one(
        f"cannot read column {name!r} as date-times: e.g. {example!r}{where}",
        file=cycle.path,
        key=f"{source_key(cycle, source)}.datetime_format",
        hint="set datetime_format (strftime, e.g. '%d/%m/%Y %H:%M'), 'epoch_s' or 'epoch_ms'",
    )


def _example_bad(plan: _Plan, name: str, fmt: str, source: Source, zone: str) -> str:
    """The first value of raw column ``name`` that did not parse, with its data row."""
    dtype = plan.raw_schema[name]
    expr = datetime_expr(
        name,
        dtype,
        fmt if fmt in ("epoch_s", "epoch_ms") or "%" in fmt else None,
        source.timezone or zone,
        zone,
    )
    found = (
        plan.raw_lazy.with_row_index("__row")
        .filter(pl.col(name).is_not_null() & expr.is_null())
        .select("__row", name)
        .head(1)
        .collect()
    )
    if found.height == 0:
        return ""
    return f"e.g. {found[name][0]!r} (data row {found['__row'][0] + 1})"


def prepare_source(
    cycle: Cycle,
    source: Source,
    needed: Collection[str] | None,
    now: datetime,
    compact: bool = False,
) -> PreparedSource:
    """Read, parse, roll up and check one source; ``needed``: columns metrics use (None: all).

    ``compact``: only built-in KPIs read the rows (no filter, breakdown or formula), so the
    integer counts (reopens, reassignments) are read as their sign in Int8, which is all those
    KPIs test (``> 0``, ``== 0``; nulls stay null): 1 byte a row instead of 8, 0.14 GB less at
    10M tickets while the source is read and checked, where the engine's memory peaks. The
    report still gives their real type, and the preview their real values."""
    plan = plan_source(cycle, source)
    key = source_key(cycle, source)
    zone = cycle.cycle.timezone
    types = plan.lazy.collect_schema()
    available = types.names()
    date_col = cols.DATE_COLUMN[source.kind]
    no_date = missing_date_column(cycle, source, available)
    if no_date is not None:
        raise no_date
    problems: list[Problem] = list(plan.mapping_problems)
    lacking: dict[str, str] = {}  # who -> the first column it lacks (the rest often follow)
    if isinstance(needed, Mapping):
        # column -> (who needs it, key to fix): each missing one with its neighbours. The metrics
        # that need it get no values; the rest of the source still serves the others.
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
    keep = list(available) if needed is None else [c for c in available if c in set(needed)]
    keep = [c for c in keep if not c.startswith("__bad:")]
    # Ticket ids that only the duplicate check reads are read as their hashes (quality.ID_HASH).
    hash_ids = (
        source.kind == "tickets"
        and source.rollup is None
        and "ticket_id" in available
        and "ticket_id" not in keep
    )
    for extra in (date_col, "ticket_id", "resolved_at", cols.RESOLUTION_HOURS):
        if extra in available and extra not in keep and not (extra == "ticket_id" and hash_ids):
            keep.append(extra)
    computed = [id_hash_expr()] if hash_ids else []
    # Hours worked out from the two times the frame holds anyway are added once the source is
    # read and its ids checked, not read with it: 80 MB less at 10M rows while the file is read
    # (a CSV reader's own buffers then peak too) and while the ids are checked. Not when a
    # derived column or the source's filter might read them during the read.
    in_order = list(keep)
    later = plan.hours_computed and not source.derived and not source.filter
    later = later and all(c in keep for c in (cols.RESOLUTION_HOURS, "opened_at", "resolved_at"))
    if later:
        keep.remove(cols.RESOLUTION_HOURS)
    signed = [c for c in cols.INT_COLUMNS if compact and c in keep and types[c].is_integer()]
    # Unparseable counts only for date columns that are kept: a flag on any other column would
    # make polars parse a column nobody reads.
    mapping = canonical_mapping(source, plan.raw_schema.names())
    used_raw = set(keep) | {mapping[c] for c in keep if c in mapping}
    flag_cols = [c for c in available if c.startswith("__bad:") and c[6:] in used_raw]
    keep += flag_cols
    read = [pl.col(c).sign().cast(pl.Int8) if c in signed else pl.col(c) for c in keep]
    lazy = plan.lazy.select(*read, *computed)
    filter_col = "__keep"
    if source.filter:
        try:
            condition = sql_expr(source.filter)
            lazy = plan.lazy.select(*read, *computed, condition.fill_null(False).alias(filter_col))
            require_condition(lazy.collect_schema()[filter_col])
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
        if plan.counts is not None:
            both = [lazy, plan.counts]
            frame, counts_frame = _collect(lambda: pl.collect_all(both), cycle, source, key)
            counts = counts_frame.row(0, named=True)
        else:
            frame = _collect(lazy.collect, cycle, source, key)
            counts = {"rows_read": frame.height}
            counts.update({f[2:]: frame[f].sum() for f in flag_cols})  # "__bad:x" -> "bad:x"
            frame = frame.drop(flag_cols)
    except pl.exceptions.PolarsError as error:
        raise read_problem(error, plan.files, key, cycle.path) from error
    rows_read = int(counts["rows_read"])
    reread = (["ticket_id"] if hash_ids else []) + signed  # shown in the preview as they are
    first_kept = (
        _first_kept(frame, date_col, filter_col) if reread else pl.Series([], dtype=pl.UInt32)
    )
    drops: list[DropCount] = []
    findings: list[Finding] = []
    events = rows_read
    tickets: int | None = None  # rows the roll-up made, before the ticket-level drops

    # Event-level drops (before a rollup): events without an order time.
    if source.rollup is not None:
        order = source.rollup.order_by
        bad, empty = int(counts[f"bad:{order}"]), int(counts[f"empty:{order}"])
        if bad:
            example = _example_bad(plan, order, plan.datetime_raw[order], source, zone)
            drops.append(DropCount(f"{order} unparseable {example}".strip(), bad))
        if empty:
            drops.append(DropCount(f"{order} empty", empty))
        events = rows_read - bad - empty
        # Events merged into their ticket are not dropped: the report counts them apart.
        tickets = frame.height

    # Rows without the date that places them in time.
    missing = frame[date_col].is_null()
    n_missing = int(missing.sum())
    if n_missing:
        raw_date = canonical_mapping(source, plan.raw_schema.names()).get(date_col, date_col)
        bad = int(counts.get(f"bad:{raw_date}", 0)) if source.rollup is None else 0
        if bad:
            fmt = plan.datetime_raw.get(raw_date, "")
            example = _example_bad(plan, raw_date, fmt, source, zone)
            drops.append(DropCount(f"{date_col} unparseable {example}".strip(), bad))
        if n_missing - bad:
            drops.append(DropCount(f"{date_col} empty", n_missing - bad))
        frame = frame.filter(~missing)
    if filter_col in frame.columns:
        failing = int(frame[filter_col].not_().sum())
        if failing:
            drops.append(DropCount(f"filter: {source.filter}", failing))
            frame = frame.filter(pl.col(filter_col))
        frame = frame.drop(filter_col)

    # Other datetime columns that did not parse: kept as empty values, reported.
    if source.rollup is None:
        mapping = canonical_mapping(source, plan.raw_schema.names())
        for raw_name, fmt in plan.datetime_raw.items():
            bad = int(counts.get(f"bad:{raw_name}", 0))
            canonical = next((c for c, r in mapping.items() if r == raw_name), raw_name)
            if bad and canonical != date_col:
                example = _example_bad(plan, raw_name, fmt, source, zone)
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

    if frame.height == 0:
        reasons = "; ".join(f"{d.reason}: {d.count}" for d in drops) or "the files hold no rows"
        problems.append(
            Problem(
                f"source {source.id!r} has no rows left ({rows_read} read; {reasons})",
                file=cycle.path,
                key=key,
                hint="check the path, the filter and the date columns",
            )
        )
    else:
        findings.extend(source_findings(cycle, source, frame, needed, now, later))
    findings = [*error_findings(source.id, problems, list(lacking.values())), *findings]
    if later:
        # In the place they would have had; the ids' hashes stay last until they are dropped.
        frame = frame.with_columns(resolution_hours()).select(
            [c for c in in_order if c in frame.columns or c == cols.RESOLUTION_HOURS]
            + [c for c in frame.columns if c not in in_order]
        )
    if reread:
        head = frame.head(PREVIEW_ROWS).drop(ID_HASH, strict=False)
        preview = _preview_read_again(plan, head, first_kept, reread, key, cycle)
    else:
        preview = _detached(without_keys(frame.head(PREVIEW_ROWS)))
    unused = [c for c in ("ticket_id", ID_HASH) if needed is not None and c not in needed]
    if unused and source.kind == "tickets":
        # Read only for the duplicate check (as ids or their hashes): millions of them would be
        # the frame's largest part.
        frame = frame.drop(unused, strict=False)
    dates = frame[date_col]
    report = SourceReport(
        id=source.id,
        files=tuple(str(f) for f in plan.files),
        rows_read=rows_read,
        rows_kept=frame.height,
        dropped=tuple(drops),
        rolled_up_from=events if source.rollup is not None else None,
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
    return PreparedSource(frame, report, tuple(problems))


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


def _first_kept(frame: pl.DataFrame, date_col: str, filter_col: str) -> pl.Series:
    """Positions in the read frame of the first rows that are kept (a date, the filter passed)."""
    kept = frame[date_col].is_not_null()
    if filter_col in frame.columns:
        kept = kept & frame[filter_col]
    span = PREVIEW_ROWS
    while span < kept.len() and kept.head(span).sum() < PREVIEW_ROWS:
        span *= 4  # rows dropped at the top: look further
    return kept.head(span).arg_true().head(PREVIEW_ROWS)


def _preview_read_again(
    plan: _Plan,
    head: pl.DataFrame,
    positions: pl.Series,
    columns: list[str],
    key: str,
    cycle: Cycle,
) -> pl.DataFrame:
    """The first kept rows with ``columns`` as they are in the data, when the full read took
    something else for them (the ids' hashes, the counts' signs): those columns of those rows
    read again, with the slice pushed down to the reader (a few ms, whatever the file's size).
    A ticket id comes first; a count stays where it was."""
    if positions.len() == 0:  # no row kept: nothing to show
        return _detached(without_keys(head))
    try:
        found = plan.lazy.select(columns).head(int(positions.max()) + 1).collect()  # type: ignore[arg-type]
    except pl.exceptions.PolarsError as error:
        raise read_problem(error, plan.files, key, cycle.path) from error
    rows = found.select(pl.all().gather(positions))
    shown = head.with_columns(rows[c] for c in columns if c in head.columns)
    if "ticket_id" in columns and "ticket_id" not in head.columns:
        shown = shown.insert_column(0, rows["ticket_id"])
    return _detached(without_keys(shown))


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


def is_key(name: str) -> bool:
    """A period key column the engine adds (``__p_<column>``), not one of the source's."""
    return name.startswith("__p_")


def without_keys(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(c for c in frame.columns if not is_key(c))


def _detached(head: pl.DataFrame) -> pl.DataFrame:
    """A copy of a few rows that shares no memory with the frame they come from: a slice keeps
    every buffer of the whole column alive (the report outlives the frame; at 10M rows the ticket
    ids alone are about 0.1 GB)."""
    try:
        return pl.DataFrame(head.to_dict(as_series=False), schema=head.schema)
    except Exception:  # a type that does not round-trip through Python values: keep the slice
        return head


def _naive_local(value: object) -> datetime | None:
    """Local wall-clock time in the cycle's zone, without tzinfo (what people read)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return None
