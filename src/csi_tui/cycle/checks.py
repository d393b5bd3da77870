"""Checks across keys and sections: unique ids, references, dates in order, suspicious values.

They read the raw TOML data (not the dataclasses) so they still run, and report, when some other
part of the file has a type error: a user fixing a file sees every problem in one pass. Each
check guards the types it reads; wrong types are ``convert.py``'s to report.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from csi_tui.cycle import model
from csi_tui.cycle.convert import Converter, suggest
from csi_tui.cycle.sources import CANONICAL_COLUMNS
from csi_tui.cycle.sql_safety import refusal, sql_expr


def _tables(raw: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    items = raw.get(key) if isinstance(raw, dict) else None
    if isinstance(items, list):
        for n, item in enumerate(items):
            if isinstance(item, dict):
                yield n, item


def _table(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key)
    return value if isinstance(value, dict) else {}


def _date(value: object) -> date | None:
    if isinstance(value, datetime):
        return None  # not a date: convert.py reports it
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _ids(raw: Any, key: str, prefix: str, what: str, conv: Converter) -> list[str]:
    """The ids of an array of tables, reporting duplicates."""
    seen: dict[str, int] = {}
    for n, item in _tables(raw, key):
        ident = item.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            conv.problem(
                f"{prefix}[{n}].id",
                f"duplicate {what} id {ident!r} (also {prefix}[{seen[ident]}])",
                "give each one a different id",
            )
        else:
            seen[ident] = n
    return list(seen)


def _reference(
    conv: Converter, key: str, value: str, known: list[str], what: str, section: str
) -> None:
    close = suggest(value, known)
    if close:
        hint = f"did you mean {close!r}?"
    elif known:
        hint = f"defined {what}s: {', '.join(known)}"
    else:
        hint = f"define it in {section}"
    conv.problem(key, f"{what} {value!r} is not defined", hint)


def sql_error(expression: str) -> str | None:
    """Why polars SQL cannot parse ``expression``, or None when it can.

    The same parser the data engine uses (``pl.sql_expr``), so a typo in a filter is reported by
    ``csi-tui validate`` with its line, not when the data is first computed. Nothing is run,
    and what ``sql_safety`` refuses never reaches polars (a subquery would read files).
    """
    try:
        sql_expr(expression)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # polars raises several types, a panic is a BaseException
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return text
    return None


def _check_sql(conv: Converter, key: str, value: object) -> None:
    if not isinstance(value, str):
        return
    if not value.strip():
        conv.problem(key, "the SQL expression is empty")
        return
    refused = refusal(value)
    if refused is not None:
        conv.problem(key, refused.message, refused.hint)
        return
    error = sql_error(value)
    if error is None:
        return
    message = f"not a valid polars SQL expression: {error}"
    hint = "check quotes: 'text' in single quotes, \"Column Name\" in double quotes"
    conv.problem(key, message, hint)


def _check_zone(conv: Converter, key: str, value: object) -> None:
    """The engine builds ``ZoneInfo(value)``: an unknown name must stop here, not there."""
    if not isinstance(value, str):
        return
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        close = suggest(value, available_timezones())
        conv.problem(
            key,
            f"unknown time zone {value!r}",
            f"did you mean {close!r}?" if close else 'use an IANA name such as "Europe/Paris"',
        )


def check_cycle_data(raw: dict[str, Any], conv: Converter) -> None:
    info = _table(raw, "cycle")
    _check_zone(conv, "cycle.timezone", info.get("timezone"))
    start, end = _date(info.get("start")), _date(info.get("end"))
    if start and end and start >= end:
        conv.problem("cycle.end", f"the cycle ends ({end}) before it starts ({start})")
    if isinstance(info.get("previous"), str) and info.get("previous") == info.get("id"):
        conv.problem("cycle.previous", "a cycle cannot follow itself")

    strategy = _table(raw, "strategy")
    csfs = _ids(strategy, "csfs", "strategy.csfs", "CSF", conv)
    sources = _ids(raw, "sources", "sources", "source", conv)
    metrics = _ids(raw, "metrics", "metrics", "metric", conv)
    _ids(raw, "actions", "actions", "action", conv)

    for n, source in _tables(raw, "sources"):
        _check_zone(conv, f"sources[{n}].timezone", source.get("timezone"))
        _check_sql(conv, f"sources[{n}].filter", source.get("filter"))
        for m, derived in _tables(source, "derived"):
            _check_sql(conv, f"sources[{n}].derived[{m}].sql", derived.get("sql"))
        delimiter = source.get("delimiter")
        if isinstance(delimiter, str) and len(delimiter) != 1:
            conv.problem(
                f"sources[{n}].delimiter",
                f"the delimiter must be one character, got {delimiter!r}",
                'for tab use "\\t"',
            )
        columns = source.get("columns")
        if isinstance(columns, dict):
            for name in columns:
                if name not in CANONICAL_COLUMNS:
                    close = suggest(name, CANONICAL_COLUMNS)
                    conv.warn(
                        f"sources[{n}].columns.{name}",
                        f"{name!r} is not a canonical column; the KPIs will not read it",
                        f"did you mean {close!r}?" if close else None,
                    )

    for n, metric in _tables(raw, "metrics"):
        _check_metric(conv, n, metric, sources, csfs, metrics)

    analysis = _table(raw, "analysis")
    b_start, b_end = _date(analysis.get("baseline_start")), _date(analysis.get("baseline_end"))
    if b_start and b_end and b_start >= b_end:
        conv.problem("analysis.baseline_end", "the baseline window ends before it starts")
    change = _date(analysis.get("change_date"))
    if change and b_end and b_end > change:
        conv.warn(
            "analysis.baseline_end",
            f"the baseline window runs past the change date ({change})",
            "limits computed from it include data after the change",
        )
    alpha = _number(analysis.get("alpha"))
    if alpha is not None and not 0 < alpha < 1:
        conv.problem("analysis.alpha", f"alpha must be between 0 and 1, got {alpha}")
    min_points = analysis.get("min_points")
    if isinstance(min_points, int) and not isinstance(min_points, bool) and min_points < 2:
        conv.problem("analysis.min_points", "min_points must be at least 2")
    bootstrap = analysis.get("bootstrap")
    if isinstance(bootstrap, int) and not isinstance(bootstrap, bool) and bootstrap < 0:
        conv.problem("analysis.bootstrap", "bootstrap must be 0 (off) or more")

    for n, note in _tables(raw, "notes"):
        step = note.get("step")
        if isinstance(step, int) and not isinstance(step, bool) and not 1 <= step <= 7:
            conv.problem(f"notes[{n}].step", f"step must be 1 to 7, got {step}")
        _check_note_metric(conv, n, note.get("metric"), metrics)
    _check_meeting_keys(raw, conv, start)

    for n, action in _tables(raw, "actions"):
        if action.get("done_on") is not None and action.get("status") not in ("done", None):
            conv.warn(f"actions[{n}].done_on", "done_on is set but the status is not 'done'")

    adoption = raw.get("adoption")
    if isinstance(adoption, dict) and isinstance(adoption.get("baselines"), dict):
        for metric_id in adoption["baselines"]:
            if metric_id not in metrics:
                _reference(
                    conv, f"adoption.baselines.{metric_id}", metric_id, metrics, "metric",
                    "[[metrics]]",
                )  # fmt: skip


def _check_metric(
    conv: Converter,
    n: int,
    metric: dict[str, Any],
    sources: list[str],
    csfs: list[str],
    metrics: list[str],
) -> None:
    key = f"metrics[{n}]"
    source = metric.get("source")
    if isinstance(source, str) and source not in sources:
        _reference(conv, f"{key}.source", source, sources, "source", "[[sources]]")
    csf = metric.get("csf")
    if isinstance(csf, str) and csf not in csfs:
        _reference(conv, f"{key}.csf", csf, csfs, "CSF", "[[strategy.csfs]]")
    guardrails = metric.get("guardrails")
    if isinstance(guardrails, list):
        for g, guard in enumerate(guardrails):
            if not isinstance(guard, str):
                continue
            if guard == metric.get("id"):
                conv.problem(f"{key}.guardrails[{g}]", "a metric cannot be its own guardrail")
            elif guard not in metrics:
                _reference(conv, f"{key}.guardrails[{g}]", guard, metrics, "metric", "[[metrics]]")

    kpi, formula = metric.get("kpi"), metric.get("formula")
    if kpi is None and formula is None:
        conv.problem(
            key,
            f"metric {metric.get('id', n)!r} has neither kpi nor formula",
            "set kpi (a built-in KPI) or formula (a SQL aggregate), not both",
        )
    elif kpi is not None and formula is not None:
        conv.problem(f"{key}.formula", "set either kpi or formula, not both")
    if isinstance(kpi, str) and kpi not in model.BUILTIN_KPIS:
        close = suggest(kpi, model.BUILTIN_KPIS)
        hint = f"did you mean {close!r}?" if close else "see docs/kpis.md for the list"
        conv.problem(f"{key}.kpi", f"unknown KPI {kpi!r}", hint)

    _check_sql(conv, f"{key}.filter", metric.get("filter"))
    # The engine parses a formula with sql_expr too, so what it cannot read never computes.
    _check_sql(conv, f"{key}.formula", metric.get("formula"))

    top_n = metric.get("top_n")
    if isinstance(top_n, int) and not isinstance(top_n, bool) and top_n < 1:
        conv.problem(f"{key}.top_n", "top_n must be 1 or more")

    direction = metric.get("direction", "lower")
    target, amber = _number(metric.get("target")), _number(metric.get("amber"))
    baseline = _number(metric.get("baseline"))
    if direction not in model.DIRECTIONS:
        return
    lower = direction == "lower"
    # amber is the edge between "at risk" and "missed": it must lie on the bad side.
    if target is not None and amber is not None and (amber < target if lower else amber > target):
        side = "below" if lower else "above"
        conv.warn(
            f"{key}.amber",
            f"amber {amber:g} is {side} the target {target:g}, on the good side for "
            f"direction {direction!r}",
            "amber should be a worse value than the target",
        )
    if (
        target is not None
        and baseline is not None
        and (target > baseline if lower else target < baseline)
    ):
        conv.warn(
            f"{key}.target",
            f"target {target:g} is worse than the baseline {baseline:g} for direction "
            f"{direction!r}",
            "check the direction",
        )


def check_register_data(raw: dict[str, Any], conv: Converter) -> None:
    _ids(raw, "opportunities", "opportunities", "opportunity", conv)
    for n, item in _tables(raw, "opportunities"):
        state, code = item.get("state", "new"), item.get("closure_code")
        if code is not None and state != "closed":
            conv.warn(
                f"opportunities[{n}].closure_code",
                f"a closure code is set but the state is {state!r}",
            )
        if state == "closed" and code is None:
            conv.warn(
                f"opportunities[{n}].state",
                "closed without a closure_code",
                "add closure_code = successful, withdrawn or unsuccessful",
            )


def _check_note_metric(conv: Converter, n: int, value: object, metrics: list[str]) -> None:
    if isinstance(value, str) and value not in metrics:
        _reference(conv, f"notes[{n}].metric", value, metrics, "metric", "[[metrics]]")


def _check_meeting_keys(raw: dict[str, Any], conv: Converter, start: date | None) -> None:
    """``[[agenda]]`` items name a step and a positive time box; meetings have sensible dates."""
    for n, item in _tables(raw, "agenda"):
        step = item.get("step")
        if isinstance(step, int) and not isinstance(step, bool) and not 1 <= step <= 7:
            conv.problem(f"agenda[{n}].step", f"step must be 1 to 7, got {step}")
        minutes = item.get("minutes")
        if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes <= 0:
            conv.problem(
                f"agenda[{n}].minutes",
                f"the time box must be more than 0 minutes, got {minutes}",
                "leave minutes out for an item without a time box",
            )
    for n, meeting in _tables(raw, "meetings"):
        held = _date(meeting.get("date"))
        if held is not None and start is not None and held < start:
            conv.warn(
                f"meetings[{n}].date",
                f"the meeting ({held}) is dated before the cycle starts ({start})",
                "check the year",
            )
        minutes = meeting.get("minutes")
        if isinstance(minutes, str) and not minutes.strip():
            conv.problem(f"meetings[{n}].minutes", "the minutes path is empty", "leave it out")
