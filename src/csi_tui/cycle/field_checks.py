"""Check a form's draft field by field, in the words of ``csi-tui validate``.

A draft is what a form holds: text per field. ``metric_draft`` turns it into the raw values TOML
would give (a number where the text is one, else the text itself, so ``convert.py`` says "expected
a number, got a string"); the checks are then the loader's own (``Converter.record`` and
``checks.check_cycle_data`` on the cycle with the draft in place), and each problem is filed under
the field it names. With the source's columns (from the compute result) unknown columns are named
too, with the closest ones. Cheap: no data is read, only SQL parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from csi_tui.cycle import model
from csi_tui.cycle.checks import check_cycle_data, check_register_data, sql_error
from csi_tui.cycle.convert import INVALID, Converter, Issue
from csi_tui.cycle.save import cycle_to_dict, record_to_dict, register_to_dict
from csi_tui.data.columns import closest_hint

# field -> its problems; "" holds those about the file as a whole (e.g. a guardrail elsewhere).
FieldProblems = dict[str, tuple[Issue, ...]]

_INDEX = re.compile(r"\[\d+\]")
NUMBER_FIELDS = ("baseline", "target", "amber")
LIST_FIELDS = ("guardrails", "breakdowns")


def has_errors(problems: FieldProblems) -> bool:
    return any(i.severity == "error" for issues in problems.values() for i in issues)


def _number(text: str) -> object:
    try:
        if any(c in text for c in ".eE") or text.lower() in ("nan", "inf"):
            return float(text)
        return int(text)
    except ValueError:
        return text  # the converter says what it should be


def _scalar(text: str) -> object:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    value = _number(text)
    return value


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_options(text: str) -> dict[str, object] | str:
    """``key=value, key=value`` (a KPI's parameters); text that is not that is returned as is."""
    out: dict[str, object] = {}
    for part in split_list(text):
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            return text
        out[key.strip()] = _scalar(value.strip().strip('"'))
    return out


def metric_draft(values: Mapping[str, str]) -> dict[str, Any]:
    """Form text -> raw TOML values; an empty field is left out (its default, or "missing")."""
    raw: dict[str, Any] = {}
    for name, text in values.items():
        text = text.strip()
        if not text:
            continue
        if name in NUMBER_FIELDS or name == "top_n":
            raw[name] = _number(text)
        elif name in LIST_FIELDS:
            raw[name] = split_list(text)
        elif name == "options":
            raw[name] = parse_options(text)
        else:
            raw[name] = text
    return raw


def opportunity_draft(values: Mapping[str, str]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for name, text in values.items():
        text = text.strip()
        if not text:
            continue
        raw[name] = split_list(text) if name == "cycles" else text
    return raw


def metric_as_text(metric: model.Metric) -> dict[str, str]:
    """A metric as the text its form shows (the inverse of ``metric_draft``)."""
    values = record_to_dict(metric)
    out: dict[str, str] = {}
    for name in model.Metric.__dataclass_fields__:
        value = values.get(name)
        if value is None:
            out[name] = ""
        elif isinstance(value, list):
            out[name] = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            out[name] = ", ".join(f"{k}={_option_text(v)}" for k, v in value.items())
        elif isinstance(value, float):
            out[name] = f"{value:g}"
        else:
            out[name] = str(value)
    for name in ("direction", "type"):
        out[name] = str(getattr(metric, name))
    return out


def _option_text(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _file_under(issues: Iterable[Issue], prefix: str) -> FieldProblems:
    grouped: dict[str, list[Issue]] = {}
    for issue in issues:
        if issue.key == prefix:
            name = "kpi"  # "has neither kpi nor formula": the key of the metric itself
        elif issue.key.startswith(prefix + "."):
            name = _INDEX.sub("", issue.key[len(prefix) + 1 :]).split(".")[0]
        else:
            name = ""
        grouped.setdefault(name, []).append(issue)
    return {k: tuple(v) for k, v in grouped.items()}


# ---------------------------------------------------------------- metrics
def check_metric(
    cycle: model.Cycle,
    raw: Mapping[str, Any],
    editing: str | None,
    columns: Sequence[str] | None = None,
) -> tuple[model.Metric | None, FieldProblems]:
    """The metric a draft makes (None when it has errors) and its problems per field.

    ``editing``: the id of the metric being changed (None: a new one); ``columns``: the columns of
    the draft's source when known.
    """
    metrics = list(cycle.metrics)
    index = next((n for n, m in enumerate(metrics) if m.id == editing), len(metrics))
    prefix = f"metrics[{index}]"
    conv = Converter()
    metric = conv.record(model.Metric, dict(raw), prefix)
    data = cycle_to_dict(cycle)
    data["metrics"] = _with_draft(metrics, index, raw)
    check_cycle_data(data, conv)
    problems = _file_under(conv.issues, prefix)
    if metric is not INVALID and columns is not None:
        for name, issues in _column_issues(metric, columns).items():
            problems[name] = problems.get(name, ()) + issues
    errors = has_errors(problems)
    return (None if errors or metric is INVALID else metric), problems


def _column_issues(metric: model.Metric, columns: Sequence[str]) -> FieldProblems:
    """Columns a metric names that its source does not have (the engine's words)."""
    out: dict[str, list[Issue]] = {}
    present = set(columns)
    source = metric.source
    kpi = model.BUILTIN_KPIS.get(metric.kpi or "")
    if kpi is not None:
        for name in kpi.needed(metric.options):
            if name not in present:
                out.setdefault("kpi", []).append(
                    Issue(
                        "kpi",
                        f"metric {metric.id!r} ({metric.kpi}) needs column {name!r}, which "
                        f"source {source!r} does not have",
                        "map it in [sources.columns]; " + closest_hint(name, columns),
                    )
                )
    for column in metric.breakdowns:
        if column not in present:
            out.setdefault("breakdowns", []).append(
                Issue(
                    "breakdowns",
                    f"breakdown column {column!r} is not in source {source!r}",
                    closest_hint(column, columns),
                )
            )
    for name in ("filter", "formula"):
        expression = getattr(metric, name)
        if not expression or sql_error(expression) is not None:
            continue
        for column in sql_columns(expression):
            if column not in present:
                out.setdefault(name, []).append(
                    Issue(
                        name,
                        f"column {column!r} is not in source {source!r}",
                        closest_hint(column, columns),
                    )
                )
    return {k: tuple(v) for k, v in out.items()}


def sql_columns(expression: str) -> tuple[str, ...]:
    """The columns a polars SQL expression reads (it parses, nothing runs)."""
    import polars as pl

    try:
        return tuple(dict.fromkeys(pl.sql_expr(expression).meta.root_names()))
    except Exception:  # parsed by sql_error already; anything else: nothing to name
        return ()


def source_columns(compute: Any, source_id: str) -> tuple[str, ...] | None:
    """The columns of one source as computed (``ComputeResult.sources[].columns``), if known.

    The engine reads only the columns the metrics use, so this can be a part of the file's:
    ``source_schema`` has them all.
    """
    if compute is None:
        return None
    for report in getattr(compute, "sources", ()):
        if report.id == source_id and report.columns:
            return tuple(c.name for c in report.columns)
    return None


def source_schema(cycle: model.Cycle, source_id: str) -> tuple[str, ...] | None:
    """Every column a metric on ``source_id`` can name: the file's after mapping, rollup and
    derived columns, without reading its rows (only the header, and a few for types). Reads the
    file: call it off the UI thread. None when the source cannot be planned (its own problem,
    reported on step 3)."""
    from csi_tui.data.formula_errors import user_columns
    from csi_tui.data.prepare import plan_source

    source = cycle.source(source_id)
    if source is None:
        return None
    try:
        names = plan_source(cycle, source).lazy.collect_schema().names()
    except Exception:  # any reading problem (CsiError, OSError, polars): no column check
        return None
    return tuple(user_columns(names))


# ---------------------------------------------------------------- strategy
def strategy_draft(vision: str, business_need: str, objectives: str, csfs: str) -> dict[str, Any]:
    """The strategy form's text: objectives one per line; CSFs one per line, ``id | name |
    description``."""
    raw: dict[str, Any] = {}
    if vision.strip():
        raw["vision"] = vision.strip()
    if business_need.strip():
        raw["business_need"] = business_need.strip()
    lines = [line.strip() for line in objectives.splitlines() if line.strip()]
    if lines:
        raw["objectives"] = lines
    tables: list[dict[str, Any]] = []
    for line in csfs.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|", 2)]
        table: dict[str, Any] = {}
        for key, part in zip(("id", "name", "description"), parts, strict=False):
            if part:
                table[key] = part
        tables.append(table)
    if tables:
        raw["csfs"] = tables
    return raw


def strategy_as_text(strategy: model.Strategy) -> dict[str, str]:
    return {
        "vision": strategy.vision,
        "business_need": " ".join(strategy.business_need.split()),
        "objectives": "\n".join(strategy.objectives),
        "csfs": "\n".join(
            " | ".join(p for p in (c.id, c.name, c.description) if p) for c in strategy.csfs
        ),
    }


def check_strategy(
    cycle: model.Cycle, raw: Mapping[str, Any]
) -> tuple[model.Strategy | None, FieldProblems]:
    conv = Converter()
    strategy = conv.record(model.Strategy, dict(raw), "strategy")
    data = cycle_to_dict(cycle)
    data["strategy"] = dict(raw)
    check_cycle_data(data, conv)
    problems: dict[str, list[Issue]] = {}
    for issue in conv.issues:
        if issue.key.startswith("strategy."):
            name = _INDEX.sub("", issue.key[len("strategy.") :]).split(".")[0]
        elif issue.key.endswith(".csf"):
            name = "csfs"  # a metric serves a CSF the draft no longer has
        else:
            name = ""
        problems.setdefault(name, []).append(issue)
    filed = {k: tuple(v) for k, v in problems.items()}
    return (None if has_errors(filed) or strategy is INVALID else strategy), filed


def unchanged_business_need(old: model.Strategy, new: model.Strategy) -> model.Strategy:
    """The form shows a long need as one paragraph: unchanged words keep the file's lines."""
    if " ".join(old.business_need.split()) == " ".join(new.business_need.split()):
        from dataclasses import replace

        return replace(new, business_need=old.business_need)
    return new


# ---------------------------------------------------------------- register entries
def opportunity_as_text(opportunity: model.Opportunity) -> dict[str, str]:
    values = record_to_dict(opportunity)
    out: dict[str, str] = {}
    for name in model.Opportunity.__dataclass_fields__:
        value = values.get(name)
        if isinstance(value, list):
            out[name] = ", ".join(str(v) for v in value)
        elif isinstance(value, date):
            out[name] = value.isoformat()
        else:
            out[name] = "" if value is None else str(value)
    for name in ("state", "priority", "size"):
        out[name] = str(getattr(opportunity, name))
    return out


def check_opportunity(
    register: model.Register, raw: Mapping[str, Any], editing: str | None
) -> tuple[model.Opportunity | None, FieldProblems]:
    items = list(register.opportunities)
    index = next((n for n, o in enumerate(items) if o.id == editing), len(items))
    prefix = f"opportunities[{index}]"
    conv = Converter()
    opportunity = conv.record(model.Opportunity, dict(raw), prefix)
    data = register_to_dict(register)
    data["opportunities"] = _with_draft(items, index, raw)
    check_register_data(data, conv)
    problems = _file_under(conv.issues, prefix)
    return (None if has_errors(problems) or opportunity is INVALID else opportunity), problems


def _with_draft(records: list[Any], index: int, raw: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The records as file tables with the draft in place of the one at ``index`` (or added)."""
    listed = [record_to_dict(r) for r in records]
    if index < len(listed):
        listed[index] = dict(raw)
    else:
        listed.append(dict(raw))
    return listed
