"""One source as a lazy query: scan -> parse date-times (explicit formats guessed from a sample)
-> drop events without an order time -> roll up an event log -> map columns onto canonical names
-> type booleans and numbers -> derived columns (polars SQL) -> computed ``resolution_hours``.

``prepare.prepare_source`` collects it; the TUI's preview and the field checks read its schema.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from csi_tui.cycle.model import Cycle
from csi_tui.cycle.sources import Source
from csi_tui.cycle.sql_safety import hint_for, sql_expr
from csi_tui.data import columns as cols
from csi_tui.data import zones
from csi_tui.data.parsing import bool_expr, datetime_expr, guess_format, number_expr
from csi_tui.data.presets import preset_mapping
from csi_tui.data.readers import Location, read_problem, resolve_files, scan, source_format
from csi_tui.data.rollup import rollup
from csi_tui.errors import CsiError, Problem

SAMPLE_ROWS = 2000


@dataclass(frozen=True)
class LazySource:
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


def plan_source(cycle: Cycle, source: Source) -> LazySource:
    """The source as a lazy query, before the eager drops (``prepare.prepare_source``)."""
    key = source_key(cycle, source)
    files = resolve_files(source, base_dir(cycle), key, cycle.path)
    fmt = source_format(source, files, key, cycle.path)
    try:
        raw = scan(source, files, fmt)
        schema = raw.collect_schema()
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError, ValueError) as error:
        raise read_problem(error, files, key, cycle.path) from error
    zone = cycle.cycle.timezone
    naive_zone = source.timezone or zone
    mapping = canonical_mapping(source, schema.names())
    wanted = _datetime_columns(cycle, source, mapping, list(schema.names()))
    formats, parsed = _parsers(cycle, source, raw, schema, files, wanted)
    lazy, counts = _parsed(raw, source, schema, parsed)
    if source.rollup is not None:
        lazy = rollup(lazy.filter(pl.col(source.rollup.order_by).is_not_null()), source.rollup)
    lazy, mapping_problems = _canonical_names(lazy, cycle, source, mapping)
    lazy = _type_canonical(lazy, source, naive_zone, zone)
    had_hours = cols.RESOLUTION_HOURS in lazy.collect_schema().names()
    lazy = _all_zoned(_derived(lazy, cycle, source, key, naive_zone), naive_zone, zone)
    computed = not had_hours and cols.RESOLUTION_HOURS in lazy.collect_schema().names()
    return LazySource(lazy, counts, formats, files, raw, schema, computed, mapping_problems)


def _datetime_columns(
    cycle: Cycle, source: Source, mapping: dict[str, str], names: list[str]
) -> list[str]:
    """Which raw columns hold datetimes: the rollup's order column, the declared ones, and those
    mapped onto canonical datetime columns (when they exist before any rollup)."""
    key = source_key(cycle, source)
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
    return list(dict.fromkeys(wanted))


def _parsers(
    cycle: Cycle,
    source: Source,
    raw: pl.LazyFrame,
    schema: pl.Schema,
    files: list[Location],
    wanted: list[str],
) -> tuple[dict[str, str], dict[str, pl.Expr]]:
    """Each date-time column's format (given, guessed from a sample, or its type) and parser."""
    key = source_key(cycle, source)
    zone = cycle.cycle.timezone
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
        naive_zone = source.timezone or zone
        parsed[name] = datetime_expr(name, dtype, fmt_used, naive_zone, zone).alias(name)
    return formats, parsed


def _parsed(
    raw: pl.LazyFrame, source: Source, schema: pl.Schema, parsed: dict[str, pl.Expr]
) -> tuple[pl.LazyFrame, pl.LazyFrame | None]:
    """The raw rows with their date-times parsed, and how many did not parse: flags carried in
    the rows (``__bad:<column>``, one pass over the file), or for an event log (whose rows the
    roll-up merges) a counting query of its own."""
    if source.rollup is not None:
        count_exprs = [pl.len().alias("rows_read")]
        for name, expr in parsed.items():
            bad = (pl.col(name).is_not_null() & expr.is_null()).sum()
            count_exprs.append(bad.alias(f"bad:{name}"))
            count_exprs.append(pl.col(name).is_null().sum().alias(f"empty:{name}"))
        return (raw.with_columns(parsed.values()) if parsed else raw), raw.select(count_exprs)
    # Parsed once into a temporary column, which the flag and the column then both read: a flag
    # written with the parsing expression would parse every value twice.
    flagged = [n for n in parsed if not isinstance(schema[n], pl.Datetime | pl.Date)]
    lazy = raw
    if flagged:
        temporary = [f"__parsed:{n}" for n in flagged]
        flags = [
            (pl.col(n).is_not_null() & pl.col(t).is_null()).alias(f"__bad:{n}")
            for n, t in zip(flagged, temporary, strict=True)
        ]
        lazy = lazy.with_columns(
            parsed[n].alias(t) for n, t in zip(flagged, temporary, strict=True)
        )
        lazy = lazy.with_columns(
            *flags, *(pl.col(t).alias(n) for n, t in zip(flagged, temporary, strict=True))
        )
        lazy = lazy.drop(temporary)
    rest = [expr for n, expr in parsed.items() if n not in flagged]
    return (lazy.with_columns(rest) if rest else lazy), None


def _canonical_names(
    lazy: pl.LazyFrame, cycle: Cycle, source: Source, mapping: dict[str, str]
) -> tuple[pl.LazyFrame, tuple[Problem, ...]]:
    """Canonical names as aliases (one file column may feed two canonical names), and the
    mapped columns the data lacks."""
    key = source_key(cycle, source)
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
    return (lazy.with_columns(aliases) if aliases else lazy), tuple(mapping_problems)


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


def _example_bad(plan: LazySource, name: str, fmt: str, source: Source, zone: str) -> str:
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
