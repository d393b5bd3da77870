"""The data engine: a cycle in, every metric per period (with quality findings) out.

``compute_cycle`` is what ``csi-tui compute``, the analysis and the TUI call; ``preview_source``
gives the TUI a quick look at one source (schema and first rows) without computing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import polars as pl

from csi_tui.cycle.model import Cycle, Metric, Source
from csi_tui.cycle.sql_safety import RefusedSql, hint_for, sql_expr
from csi_tui.data import columns as cols
from csi_tui.data import kpis, zones
from csi_tui.data.periods import (
    Period,
    located_period_key,
    period_key,
    periods_between,
    periods_frame,
)
from csi_tui.data.prepare import (
    PreparedSource,
    broken_source,
    plan_source,
    prepare_source,
    source_key,
)
from csi_tui.data.quality import period_findings, window
from csi_tui.data.results import (
    BreakdownValue,
    ComputeResult,
    Finding,
    MetricSeries,
    PeriodValue,
    SourceReport,
)
from csi_tui.data.source_cache import load_prepared, load_result, save_prepared, save_result
from csi_tui.data.time_limit import within_limit
from csi_tui.errors import CsiError, Problem

Progress = Callable[[str, float], None]
OTHER = "other"
NONE_GROUP = "(none)"


def compute_cycle(
    cycle: Cycle,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    now: datetime | None = None,
    keep_going: bool = False,
) -> ComputeResult:
    """Compute every metric of ``cycle`` per period. ``now`` (default: the clock) decides which
    periods are not over yet.

    Errors in the cycle's definition (a metric naming an unknown source or KPI) raise
    ``CsiError``. With ``keep_going``, a source that cannot be used (missing file, unreadable, no
    rows left) or a metric that cannot be computed (a column it needs is missing, a bad filter or
    formula) does not stop the others: it gets error findings (on its source report, on the
    metric) and no values, and ``ComputeResult.problems`` lists what went wrong in the CLI's
    form. Without it (the default, what callers written before got) those problems are raised
    together as one ``CsiError`` once everything else has been tried."""
    zone = cycle.cycle.timezone
    now = now or datetime.now(ZoneInfo(zone))
    # Comparisons with the data need the cycle's zone (polars compares zones strictly).
    now = now.replace(tzinfo=ZoneInfo(zone)) if now.tzinfo is None else now
    now = now.astimezone(ZoneInfo(zone))
    report = progress or (lambda _m, _f: None)
    _check_metrics(cycle)
    if use_cache:
        cached = load_result(cycle, now)
        if cached is not None:
            report("loaded from cache", 1.0)
            return cached
    needs = {s.id: needed_for_source(cycle, s) for s in cycle.sources}
    prepared: dict[str, PreparedSource] = {}
    steps = len(cycle.sources) + len(cycle.metrics)
    for i, source in enumerate(cycle.sources):
        report(f"reading {source.id}", i / max(steps, 1))
        prepared[source.id] = _load(cycle, source, needs[source.id], now, use_cache)
    problems = [p for prep in prepared.values() for p in prep.problems]
    usable = {sid for sid, prep in prepared.items() if prep.frame.height > 0}

    grain = cycle.cycle.grain
    periods = periods_between(cycle.cycle.start, cycle.cycle.end, grain)
    frames: dict[str, pl.DataFrame] = {}
    for source in cycle.sources:
        if source.id not in usable:
            continue
        prep = prepared[source.id]
        # From here on the engine's frame is the only holder of the rows (see _slim).
        frame, prep = prep.frame, replace(prep, frame=prep.frame.clear())
        prepared[source.id] = prep
        # Compacted first, the full-width counts let go: the keys' working memory then comes on
        # top of 1-byte counts (at 10M rows the engine's peak, 0.14 GB lower).
        frame = _compact(cycle, source.id, frame)
        frames[source.id] = _with_keys(frame, grain, _placing_columns(cycle, source.id, frame))
        del frame

    columns = {sid: tuple(frame.columns) for sid, frame in frames.items()}
    keep = wants_observations(cycle)
    if keep:
        # Kept observations live to the end: taken after the group-bys, they reuse the memory
        # those freed (the other way round, 0.1 GB more at 10M rows).
        batched, counted = _batched(cycle, frames, columns, periods)
        shared = _shared(cycle, frames, columns, keep)
    else:
        # Only counted: counting first lets the datetimes go before the group-bys.
        shared = _shared(cycle, frames, columns, keep)
        for sid in list(frames):
            frames[sid] = _slim(cycle, sid, frames[sid], shared)
        batched, counted = _batched(cycle, frames, columns, periods)

    reports: list[SourceReport] = []
    incomplete: dict[str, set[str]] = {}
    for source in cycle.sources:
        prep = prepared[source.id]
        if source.id not in usable:
            reports.append(prep.report)
            continue
        last = prep.report.date_max.date() if prep.report.date_max else None
        first = prep.report.date_min.date() if prep.report.date_min else None
        found, marks = period_findings(
            source, periods, counted[source.id], now.date(), last, cycle.cycle.end, first
        )
        incomplete[source.id] = marks
        reports.append(_with_findings(prep.report, found))

    series: list[MetricSeries] = []
    for j, metric in enumerate(cycle.metrics):
        report(f"computing {metric.id}", (len(cycle.sources) + j) / max(steps, 1))
        # _check_metrics made sure the source exists.
        if metric.source not in usable:
            series.append(_without_values(cycle, metric, periods, now, _unusable(metric)))
            continue
        try:
            series.append(
                compute_metric(
                    cycle,
                    metric,
                    frames[metric.source],
                    periods,
                    incomplete[metric.source],
                    batched.get(metric.id),
                    shared.get(metric.id),
                    columns[metric.source],
                )
            )
        except CsiError as error:
            problems.extend(error.problems)
            found = [_metric_error(metric, p) for p in error.problems]
            series.append(_without_values(cycle, metric, periods, now, found))
    result = ComputeResult(
        cycle_id=cycle.id,
        grain=grain,
        timezone=zone,
        sources=tuple(reports),
        metrics=tuple(series),
        findings=tuple(_cycle_findings(cycle, series)),
        computed_at=now.replace(tzinfo=None),
        problems=tuple(dict.fromkeys(problems)),
    )
    if problems and not keep_going:
        raise CsiError(result.problems)
    if use_cache and not problems:  # a broken source is read afresh once it is fixed
        save_result(cycle, now, result)
    report("done", 1.0)
    return result


def _load(
    cycle: Cycle,
    source: Source,
    needed: dict[str, tuple[str, str]] | None,
    now: datetime,
    use_cache: bool,
) -> PreparedSource:
    # Counts read as their signs when only built-in KPIs read the rows (prepare_source).
    compact = needed is not None and _only_builtin(cycle, source.id)
    try:
        if use_cache:
            hit = load_prepared(cycle, source, needed, now, compact)
            if hit is not None:
                return hit
        prep = prepare_source(cycle, source, needed, now, compact)
    except CsiError as error:
        return broken_source(cycle, source, error)
    if use_cache and not prep.problems:
        save_prepared(cycle, source, needed, now, prep, compact)
    return prep


def _batched(
    cycle: Cycle,
    frames: dict[str, pl.DataFrame],
    columns: dict[str, tuple[str, ...]],
    periods: tuple[Period, ...],
) -> tuple[dict[str, pl.DataFrame], dict[str, dict[date, int]]]:
    """Row-wise KPIs and backlogs without their own filter or breakdown, and each source's rows
    per period (for the quality checks): one group-by per source and time column."""
    out: dict[str, pl.DataFrame] = {}
    counted: dict[str, dict[date, int]] = {}
    for sid, frame in frames.items():
        mine = [m for m in cycle.metrics if m.source == sid and not m.filter]
        plain = [
            m
            for m in mine
            if m.kpi in kpis.ROW_WISE
            and all(c in columns[sid] for c in kpis.needed_columns(m))
            and _placeable(m, frame)
        ]
        backlogs = [
            m
            for m in mine
            if m.kpi == "backlog"
            and not m.breakdowns
            and all(kpis.pkey(c) in frame.columns for c in (kpis.OPENED, kpis.RESOLVED))
        ]
        source = cycle.source(sid)
        assert source is not None  # frames come from the cycle's sources
        date_col = cols.DATE_COLUMN[source.kind]
        guarded = _only_builtin(cycle, sid)  # _compact guarded the hours
        done = kpis.batch(
            plain, frame, hours_guarded=guarded, counted=(date_col,), flows=bool(backlogs)
        )
        out.update(done.tables)
        counted[sid] = dict(done.rows[date_col].select(kpis.P, "n").iter_rows())
        if done.flows is not None:
            table = kpis.backlog_from_flows(done.flows, (), periods)
            out.update({m.id: table for m in backlogs})
    return out, counted


def _shared(
    cycle: Cycle, frames: dict[str, pl.DataFrame], columns: dict[str, tuple[str, ...]], keep: bool
) -> dict[str, pl.DataFrame | int]:
    """Observations (or their number) of the observed KPIs without their own filter."""
    out: dict[str, pl.DataFrame | int] = {}
    for sid, frame in frames.items():
        plain = [
            m
            for m in cycle.metrics
            if m.source == sid
            and m.kpi is not None
            and kpis.KPIS[m.kpi].observed
            and not m.filter
            and all(c in columns[sid] for c in kpis.needed_columns(m))
            and _placeable(m, frame)
        ]
        out.update(_observations_many(cycle, plain, frame, keep))
    return out


def _with_keys(frame: pl.DataFrame, grain: str, extra: Sequence[str] = ()) -> pl.DataFrame:
    """The prepared rows with the period key of each datetime column (``__p_<column>``), and of
    the ``extra`` columns metrics are placed by (``options.at``): aware datetimes are located
    among their periods' start instants (``located_period_key``, given each column's range, all
    columns in one parallel pass), others (a ``period`` of dates) go through ``period_key``."""
    wanted = [
        c
        for c in dict.fromkeys((*cols.DATETIME_COLUMNS, *extra))
        if c in frame.columns and kpis.pkey(c) not in frame.columns
    ]
    aware = {c: t for c in wanted if isinstance(t := frame.schema[c], pl.Datetime) and t.time_zone}
    spans = [e for c in aware for e in (pl.col(c).min().alias(c + "<"), pl.col(c).max())]
    ranges = frame.select(spans).row(0, named=True) if spans else {}
    keys = []
    for c in wanted:
        dtype, low, high = aware.get(c), ranges.get(c + "<"), ranges.get(c)
        if dtype is not None and isinstance(low, datetime) and isinstance(high, datetime):
            key = located_period_key(c, dtype, low, high, grain)
        else:  # dates, or no values at all
            key = period_key(c, grain)
        keys.append(key.alias(kpis.pkey(c)))
    if not keys:
        return frame
    return frame.hstack(_in_slices(frame, keys))


KEY_SLICE = 1 << 20  # rows whose keys are worked out at a time


def at_column(metric: Metric) -> str:
    """The column that places a metric's rows in time."""
    spec = kpis.KPIS.get(metric.kpi or "")
    default = spec.at if spec is not None else "opened_at"
    return str(metric.options.get("at", default))


def _placing_columns(cycle: Cycle, source_id: str, frame: pl.DataFrame) -> list[str]:
    """Columns beyond the canonical ones that metrics on the source are placed by (a derived
    date-time, say), when they hold dates or date-times: they need period keys too."""
    out = []
    for m in cycle.metrics:
        at = at_column(m)
        if (
            m.source == source_id
            and at in frame.columns
            and at not in cols.DATETIME_COLUMNS
            and isinstance(frame.schema[at], pl.Date | pl.Datetime)
        ):
            out.append(at)
    return out


def _placeable(metric: Metric, frame: pl.DataFrame) -> bool:
    """The metric's time column, when the frame has it, holds dates or date-times."""
    at = at_column(metric)
    return at not in frame.columns or isinstance(frame.schema[at], pl.Date | pl.Datetime)


def _in_slices(frame: pl.DataFrame, exprs: list[pl.Expr]) -> list[pl.Series]:
    """``frame.select(exprs)`` worked out a slice of rows at a time, laid out in the frame's
    chunks: a whole column at once needed two 10M-row temporaries per key (row positions,
    then dates), 0.16 GB at the engine's peak; columns chunked apart from the frame made every
    later operation on it align them first (0.1 s at 10M rows)."""
    chunks: list[list[pl.DataFrame]] = []
    offset = 0
    for length in frame.to_series(0).chunk_lengths():
        pieces = range(offset, offset + length, KEY_SLICE)
        ends = [min(p + KEY_SLICE, offset + length) for p in pieces]
        chunks.append(
            [frame.slice(p, e - p).select(exprs) for p, e in zip(pieces, ends, strict=True)]
        )
        offset += length
    out = []
    for i in range(len(exprs)):
        per_chunk = []
        for parts in chunks:
            column = pl.concat([part.to_series(i) for part in parts], rechunk=len(parts) > 1)
            per_chunk.append(column)
        out.append(pl.concat(per_chunk, rechunk=False))
    return out


def _slim(
    cycle: Cycle, source_id: str, frame: pl.DataFrame, shared: dict[str, pl.DataFrame | int]
) -> pl.DataFrame:
    """``frame`` without its datetime columns when, their observations taken, every metric on
    the source reads only their period keys: built-in row-wise KPIs and the backlog, without a
    filter or a breakdown. At 10M tickets the two timestamps are 0.16 GB nobody reads again."""
    if not _only_builtin(cycle, source_id):
        return frame
    for m in cycle.metrics:
        if m.source == source_id and m.kpi and kpis.KPIS[m.kpi].observed and m.id not in shared:
            return frame
    timed = [c for c in cols.DATETIME_COLUMNS if kpis.pkey(c) in frame.columns]
    return frame.drop(timed)


def _only_builtin(cycle: Cycle, source_id: str) -> bool:
    """Every metric on the source is a built-in row-wise KPI or the backlog, without a filter or
    a breakdown: the rows are then read only through ``kpis.flag_expr`` / ``value_expr`` and the
    period keys, never as the values themselves."""
    for m in cycle.metrics:
        if m.source != source_id:
            continue
        if m.kpi is None or m.filter or m.breakdowns:
            return False
        if m.kpi not in kpis.ROW_WISE and m.kpi != "backlog":
            return False
    return True


def _compact(cycle: Cycle, source_id: str, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its integer counts (reopens, reassignments) as their sign in Int8 when only
    built-in KPIs read them: those test ``> 0`` and ``== 0``, which the sign answers exactly (nulls
    stay null), in 1 byte a row instead of 8. ``_load`` has them read that way already
    (``prepare_source(compact=True)``, under its own cache key); this covers a frame that was
    not. With any filter, breakdown or formula on the source nothing is compacted, so those see
    the real counts. ``resolution_hours`` is guarded too (``kpis.guard_hours``): null where
    negative, as every built-in reader treats it."""
    if not _only_builtin(cycle, source_id):
        return frame
    counts = [
        c
        for c in cols.INT_COLUMNS
        if c in frame.columns and frame.schema[c].is_integer() and frame.schema[c] != pl.Int8
    ]  # Int8: read as signs already (prepare_source)
    compact = frame.with_columns(pl.col(c).sign().cast(pl.Int8) for c in counts)
    return kpis.guard_hours(compact)


def _unusable(metric: Metric) -> list[Finding]:
    return [
        Finding(
            "error",
            "source_unusable",
            f"{metric.id}: source {metric.source!r} could not be used, so this metric has no "
            "values",
            f"fix the error shown for source {metric.source!r} (step 3 Gather)",
            source=metric.source,
            metric=metric.id,
        )
    ]


def _metric_error(metric: Metric, problem: Problem) -> Finding:
    code = "missing_column" if "needs column" in problem.message else "metric_error"
    where = f" ({problem.key})" if problem.key else ""
    return Finding(
        "error",
        code,
        f"{problem.message}{where}",
        problem.hint or "",
        source=metric.source,
        metric=metric.id,
    )


def _without_values(
    cycle: Cycle,
    metric: Metric,
    periods: tuple[Period, ...],
    now: datetime,
    findings: list[Finding],
) -> MetricSeries:
    """A metric that could not be computed: every period without a value, and why."""
    kind = kpis.KPIS[metric.kpi].kind if metric.kpi else "custom"
    today = now.date()
    values = tuple(PeriodValue(p.label, p.start, p.end, None, 0, p.end <= today) for p in periods)
    return MetricSeries(
        metric_id=metric.id,
        unit=metric.unit,
        periods=values,
        kind=kind,  # type: ignore[arg-type]
        findings=tuple(findings),
    )


def _with_findings(report: SourceReport, extra: list[Finding]) -> SourceReport:
    return replace(report, findings=report.findings + tuple(extra))


def _metric_key(cycle: Cycle, metric: Metric) -> str:
    return f"metrics[{cycle.metrics.index(metric)}]"


def _check_metrics(cycle: Cycle) -> None:
    for metric in cycle.metrics:
        key = _metric_key(cycle, metric)
        if cycle.source(metric.source) is None:
            known = ", ".join(repr(s.id) for s in cycle.sources) or "none"
            raise CsiError.one(
                f"metric {metric.id!r} uses source {metric.source!r}, which is not defined",
                file=cycle.path,
                key=f"{key}.source",
                hint=f"sources are: {known}",
            )
        if metric.kpi is None and not metric.formula:
            raise CsiError.one(
                f"metric {metric.id!r} has neither kpi nor formula",
                file=cycle.path,
                key=key,
                hint="set kpi (e.g. mttr_mean) or a SQL formula (e.g. AVG(resolution_hours))",
            )
        if metric.kpi is not None and metric.kpi not in kpis.KPIS:
            raise CsiError.one(
                f"unknown kpi {metric.kpi!r}",
                file=cycle.path,
                key=f"{key}.kpi",
                hint="built-in KPIs: " + ", ".join(kpis.KPIS),
            )


def _sql_names(sql: str | None) -> set[str]:
    if not sql:
        return set()
    try:
        return set(sql_expr(sql).meta.root_names())
    except Exception:  # reported with its key when the metric is computed
        return set()


def needed_for_source(cycle: Cycle, source: Source) -> dict[str, tuple[str, str]] | None:
    """Columns the metrics on ``source`` read, each with who needs it and the key to fix: for
    projection and for naming a missing column. None (keep all) for custom SQL formulas or when
    no metric uses the source (step 3 still shows all its columns)."""
    metrics = [m for m in cycle.metrics if m.source == source.id]
    if not metrics or any(m.formula for m in metrics):
        return None
    needed: dict[str, tuple[str, str]] = {}
    for m in metrics:
        key = _metric_key(cycle, m)
        for name in kpis.needed_columns(m):
            needed.setdefault(name, (f"metric {m.id!r} ({m.kpi})", f"{key}.kpi"))
        for name in m.breakdowns:
            needed.setdefault(name, (f"metric {m.id!r} (breakdown)", f"{key}.breakdowns"))
        for name in _sql_names(m.filter):
            needed.setdefault(name, (f"metric {m.id!r} (filter)", f"{key}.filter"))
    return needed


def compute_metric(
    cycle: Cycle,
    metric: Metric,
    frame: pl.DataFrame,
    periods: tuple[Period, ...],
    incomplete: set[str],
    table: pl.DataFrame | None = None,
    observations: pl.DataFrame | int | None = None,
    columns: Sequence[str] | None = None,
) -> MetricSeries:
    """One metric's values per period. ``table`` and ``observations``: computed already (shared
    with other metrics); ``columns``: the source's columns when ``frame`` lacks some nobody reads
    any more (its datetimes, once their period keys are there)."""
    key = _metric_key(cycle, metric)
    present = frame.columns if columns is None else columns
    for name in kpis.needed_columns(metric):
        if name not in present:
            raise CsiError.one(
                f"metric {metric.id!r} ({metric.kpi}) needs column {name!r}, which source "
                f"{metric.source!r} does not have",
                file=cycle.path,
                key=f"{key}.kpi",
                hint="map it in [sources.columns]; " + cols.closest_hint(name, present),
            )
    if not _placeable(metric, frame):
        at = at_column(metric)
        raise CsiError.one(
            f"metric {metric.id!r} is placed in time by column {at!r} of source "
            f"{metric.source!r}, which holds {frame.schema[at]} values, not dates or date-times",
            file=cycle.path,
            key=f"{key}.options.at",
            hint="name a date-time column, or make one with [[sources.derived]], e.g. "
            f"sql = \"STRPTIME({at}, '%Y-%m-%d %H:%M:%S')\" (it gets the source's time zone)",
        )
    if metric.filter:
        try:
            condition = sql_expr(metric.filter).fill_null(False)
            where = f"metric {metric.id!r}"
            frame = within_limit(
                lambda: frame.filter(condition), where, cycle.path, f"{key}.filter"
            )
        except CsiError:
            raise
        except Exception as error:
            mixed = zones.clash(error)
            raise CsiError.one(
                f"filter: {mixed or _first_line(error)}",
                file=cycle.path,
                key=f"{key}.filter",
                hint=zones.ZONE_HINT
                if mixed
                else hint_for(
                    error, "write a polars SQL condition; " + cols.closest_hint("", frame.columns)
                ),
            ) from error
    if table is None:
        table = _run(cycle, metric, frame, (), periods, key)
    by_start = {row[kpis.P]: (row["value"], int(row["n"])) for row in table.iter_rows(named=True)}
    spec_kind = kpis.KPIS[metric.kpi].kind if metric.kpi else "custom"
    zero = spec_kind == "count"
    values = []
    for p in periods:
        value, n = by_start.get(p.start, (0.0 if zero else None, 0))
        values.append(
            PeriodValue(p.label, p.start, p.end, _num(value), n, p.label not in incomplete)
        )
    breakdowns: dict[str, tuple[BreakdownValue, ...]] = {}
    findings: list[Finding] = []
    for column in metric.breakdowns:
        # A breakdown is an extra view: one that cannot be made leaves the metric's values be.
        try:
            breakdowns[column] = _breakdown(cycle, metric, frame, column, periods, key)
        except CsiError as error:
            findings.extend(_breakdown_error(metric, p) for p in error.problems)
    if all(v.n == 0 for v in values):
        findings.append(
            Finding(
                "error",
                "empty_metric",
                f"{metric.id}: no rows fall in any period of the cycle",
                "check the metric's filter and the cycle's dates against the data",
                source=metric.source,
                metric=metric.id,
            )
        )
    if observations is None:
        keep = wants_observations(cycle)
        observations = _observations_many(cycle, [metric], frame, keep).get(metric.id)
    kept = observations if isinstance(observations, pl.DataFrame) else None
    count = kept.height if kept is not None else observations
    assert not isinstance(count, pl.DataFrame)
    return MetricSeries(
        metric_id=metric.id,
        unit=metric.unit,
        periods=tuple(values),
        breakdowns=breakdowns,
        observations=kept,
        kind=spec_kind,  # type: ignore[arg-type]
        findings=tuple(findings),
        observation_count=count,
    )


def _num(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if number != number else number  # NaN (0/0) -> no value


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _run(
    cycle: Cycle,
    metric: Metric,
    frame: pl.DataFrame,
    groups: Sequence[str],
    periods: tuple[Period, ...],
    key: str,
) -> pl.DataFrame:
    kpi = metric.kpi
    if kpi is None:
        try:
            return within_limit(
                lambda: kpis.custom(metric, frame, groups),
                f"metric {metric.id!r}",
                cycle.path,
                f"{key}.formula",
            )
        except CsiError:
            raise
        except RefusedSql as error:
            raise CsiError.one(
                f"metric {metric.id!r}: in the formula: {error}",
                file=cycle.path,
                key=f"{key}.formula",
                hint=error.refusal.hint,
            ) from error
        except Exception as error:
            from csi_tui.data.formula_errors import formula_problem

            message, hint = formula_problem(error, frame.columns, metric.source)
            raise CsiError.one(
                f"metric {metric.id!r}: {message}",
                file=cycle.path,
                key=f"{key}.formula",
                hint=hint,
            ) from error
    if kpi == "backlog":
        return kpis.backlog(frame, groups, periods, cycle.cycle.grain)
    if kpi == "flow_ratio":
        return kpis.flow_ratio(frame, groups)
    if kpi in ("availability", "mtbf"):
        return kpis.outages(frame, groups, periods, cycle.cycle.timezone, kpi)
    return kpis.aggregate(metric, frame, groups)


def _breakdown_error(metric: Metric, problem: Problem) -> Finding:
    return Finding(
        "error",
        "breakdown_unusable",
        f"{problem.message}: this breakdown is left out; the metric's values are not affected",
        problem.hint or "",
        source=metric.source,
        metric=metric.id,
        column=None,
    )


def _breakdown(
    cycle: Cycle,
    metric: Metric,
    frame: pl.DataFrame,
    column: str,
    periods: tuple[Period, ...],
    key: str,
) -> tuple[BreakdownValue, ...]:
    if column not in frame.columns:
        raise CsiError.one(
            f"metric {metric.id!r}: breakdown column {column!r} is not in source {metric.source!r}",
            file=cycle.path,
            key=f"{key}.breakdowns",
            hint=cols.closest_hint(column, frame.columns),
        )
    group = "__group"
    data = frame
    if isinstance(frame.schema[column], pl.List):
        # A list (e.g. an incident's components) counts once for each of its values.
        data = frame.explode(column)
    data = data.with_columns(pl.col(column).cast(pl.String).fill_null(NONE_GROUP).alias(group))
    if metric.top_n:
        counts = data.group_by(group).len().sort(["len", group], descending=[True, False])
        top = counts.head(metric.top_n)[group].to_list()
        if counts.height > metric.top_n:
            data = data.with_columns(
                pl.when(pl.col(group).is_in(top)).then(pl.col(group)).otherwise(pl.lit(OTHER))
            )
    table = _run(cycle, metric, data, (group,), periods, key)
    labels = {p.start: p.label for p in periods}
    rows = [
        BreakdownValue(str(r[group]), labels[r[kpis.P]], _num(r["value"]), int(r["n"]))
        for r in table.sort([group, kpis.P]).iter_rows(named=True)
        if r[kpis.P] in labels
    ]
    return tuple(rows)


def wants_observations(cycle: Cycle) -> bool:
    """Per-ticket values are kept only for the before/after test, which needs a change date."""
    return cycle.analysis.change_date is not None


def _observations_many(
    cycle: Cycle, metrics: Sequence[Metric], frame: pl.DataFrame, keep: bool = True
) -> dict[str, pl.DataFrame | int]:
    """Per-row values behind mean / quantile / rate KPIs, inside the cycle's window; without
    ``keep`` only their number (one cheap count per time column instead of 0.5 GB at 10M rows).

    Metrics placed by the same column share one window-filtered frame, and metrics with the same
    per-row value (MTTR mean, median and p90) share one column: each result selects its two
    columns from it without copying. ``at`` stays time-zone aware (the cycle's zone), in file
    order; ``value`` is null where a row has no value for that KPI (e.g. an unknown SLA outcome).
    """
    start, end = window(cycle)
    by_at: dict[str, list[Metric]] = {}
    for metric in metrics:
        if metric.kpi is None or not kpis.KPIS[metric.kpi].observed:
            continue
        at = str(metric.options.get("at", kpis.KPIS[metric.kpi].at))
        by_at.setdefault(at, []).append(metric)
    out: dict[str, pl.DataFrame | int] = {}
    # The window in each time column's terms (a comparison across time zones is an error);
    # callers pass only metrics whose column holds dates or date-times (``_placeable``).
    bounds = {
        at: zones.window_bounds(frame.schema.get(at, pl.Null()), start, end) or (start, end)
        for at in by_at
    }
    if not keep:
        if by_at:
            counted = [
                ((pl.col(at) >= low) & (pl.col(at) < high)).sum().alias(at)
                for at, (low, high) in bounds.items()
            ]
            counts = frame.select(counted).row(0, named=True)
            for at, members in by_at.items():
                out.update({m.id: int(counts[at]) for m in members})
        return out
    for at, members in by_at.items():
        values: dict[str, tuple[str, pl.Expr]] = {}
        column_of: dict[str, str] = {}
        for metric in members:
            # Rates keep their 0/1 outcome as booleans: 1 bit a ticket instead of 64 (0.1 GB per
            # rate KPI at 10M); readers cast to Float64 (analyse.split_observations does).
            flag = kpis.flag_expr(metric)
            if flag is not None and kpis.KPIS[metric.kpi or ""].kind == "rate":
                value = flag.cast(pl.Boolean)
            else:
                number = kpis.value_expr(metric)
                assert number is not None
                value = number.cast(pl.Float64)
            name, _ = values.setdefault(str(value), (f"v{len(values)}", value))
            column_of[metric.id] = name
        base = frame.select(
            pl.col(at).alias("at"), *(expr.alias(name) for name, expr in values.values())
        )
        low, high = bounds[at]
        inside = ((base["at"] >= low) & (base["at"] < high)).fill_null(False)
        if not inside.all():  # all inside: no filter, so ``at`` stays the frame's own column
            base = base.filter(inside)
        for metric in members:
            out[metric.id] = base.select("at", pl.col(column_of[metric.id]).alias("value"))
    return out


def _cycle_findings(cycle: Cycle, series: list[MetricSeries]) -> list[Finding]:
    out: list[Finding] = []
    for s in series:
        out.extend(s.findings)
    return out


def preview_source(cycle: Cycle, source_id: str, rows: int = 50) -> pl.DataFrame:
    """The first rows of a source after parsing, mapping, rollup and derived columns (no drops,
    no quality checks): for the TUI's preview and schema. Raises CsiError like compute_cycle."""
    source = cycle.source(source_id)
    if source is None:
        raise CsiError.one(f"no source {source_id!r} in this cycle", file=cycle.path)
    plan = plan_source(cycle, source)
    try:
        if source.rollup is None:
            return plan.lazy.head(rows).collect()
        return plan.lazy.collect().head(rows)
    except pl.exceptions.PolarsError as error:
        raise CsiError.one(
            f"cannot read source {source_id!r}: {_first_line(error)}",
            file=cycle.path,
            key=source_key(cycle, source),
        ) from error


__all__ = ["compute_cycle", "needed_for_source", "periods_frame", "preview_source"]
