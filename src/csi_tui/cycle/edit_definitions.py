"""Edit what a cycle defines (the strategy, the metrics) and the register's entries, in place.

Built on ``cycle/edit.py``: the file is changed key by key with tomlkit, so comments, blank lines
and the order a person wrote survive; only keys whose value changed are written (an untouched
multi-line string keeps its layout); the result is validated before anything is written, so an
edit that would make the file invalid raises ``CsiError`` and the file stays as it was.
"""

from __future__ import annotations

from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, Comment, InlineTable, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

from csi_tui.cycle import model
from csi_tui.cycle.convert import default_of, file_fields, is_required
from csi_tui.cycle.edit import (
    append_record,
    edit_cycle,
    edit_register,
    find_table,
    new_table,
    set_key,
)
from csi_tui.cycle.save import to_toml_value
from csi_tui.errors import CsiError


def _is_unset(record: Any, name: str) -> bool:
    """True when the field would not be written at all (None, empty, or its default)."""
    for f in file_fields(type(record)):
        if f.name != name:
            continue
        value = getattr(record, name)
        if value is None:
            return True
        if is_required(f):
            return False
        if isinstance(value, tuple | dict) and not value:
            return True
        return bool(value == default_of(f))
    raise AssertionError(name)  # pragma: no cover - callers pass field names


def _toml(value: Any) -> Any:
    converted = to_toml_value(value)
    if isinstance(converted, dict):
        # Inline: a sub-table inserted among a table's keys would swallow the keys after it.
        inline = tomlkit.inline_table()
        inline.update(converted)
        return inline
    return converted


def update_table(table: Table | InlineTable, old: Any, new: Any) -> None:
    """Write the fields of ``new`` that differ from ``old``; a field back to its default or
    emptied is removed, as ``record_to_dict`` would leave it out."""
    for f in file_fields(type(new)):
        before, after = getattr(old, f.name), getattr(new, f.name)
        if before == after and f.name in table:
            continue
        if _is_unset(new, f.name):
            if f.name in table:
                del table[f.name]
            continue
        if before == after:
            continue  # not in the file and not new: e.g. a default that stays a default
        set_key(table, f.name, _toml(after))


# ---------------------------------------------------------------- strategy (step 1)
def set_strategy(cycle: model.Cycle, strategy: model.Strategy) -> model.Cycle:
    """Replace ``[strategy]``: vision, business need, objectives and the CSFs (matched by id;
    a CSF no longer listed is removed, which the check refuses while a metric serves it)."""
    old = cycle.strategy

    def change(doc: TOMLDocument) -> None:
        table = doc.get("strategy")
        if table is None:
            doc.append("strategy", tomlkit.table())
            table = doc["strategy"]
        if not isinstance(table, Table | InlineTable):
            raise CsiError.one("strategy is not a table ([strategy]); fix it by hand")
        for name in ("vision", "business_need", "objectives"):
            before, after = getattr(old, name), getattr(strategy, name)
            if before == after:
                continue
            if not after:
                if name in table:
                    del table[name]
            else:
                set_key(table, name, _toml(after))
        if old.csfs != strategy.csfs:
            _set_csfs(table, old.csfs, strategy.csfs)

    return edit_cycle(cycle, change)


def _set_csfs(
    strategy: Table | InlineTable, old: tuple[model.Csf, ...], new: tuple[model.Csf, ...]
) -> None:
    items = strategy.get("csfs")
    if items is None:
        if new:
            aot = tomlkit.aot()
            for csf in new:
                aot.append(new_table(csf))
            strategy.append("csfs", aot)
        return
    if not isinstance(items, AoT | Array):
        raise CsiError.one("strategy.csfs is not an array of tables; fix it by hand")
    by_id = {c.id: c for c in old}
    wanted = {c.id for c in new}
    for index in reversed(range(len(items))):
        table = items[index]
        if isinstance(table, Table | InlineTable) and table.get("id") not in wanted:
            _remove_item(items, index)
    for csf in new:
        if csf.id in by_id:
            table = find_table_in(items, csf.id)
            update_table(table, by_id[csf.id], csf)
        elif isinstance(items, AoT):
            append_at_end_of(items, csf)
        else:
            inline = tomlkit.inline_table()
            inline.update(to_toml_value(csf))
            items.append(inline)


def find_table_in(items: AoT | Array, item_id: str) -> Table | InlineTable:
    for table in items:
        if isinstance(table, Table | InlineTable) and table.get("id") == item_id:
            return table
    raise AssertionError(item_id)  # pragma: no cover - the id came from the loaded file


def _take_tail(table: Table) -> list[Any]:
    """Remove and return the comments and blank lines that close ``table``: tomlkit files the
    heading of the next section there, and it must stay in front of that section."""
    body = table.value.body
    count = 0
    for key, value in reversed(body):
        if key is None and isinstance(value, Comment | Whitespace):
            count += 1
        else:
            break
    tail = [value for _, value in body[len(body) - count :]]
    del body[len(body) - count :]
    return tail


def _give_tail(table: Table, tail: list[Any]) -> None:
    for value in tail:
        table.value.body.append((None, value))


def _remove_item(items: AoT | Array, index: int) -> None:
    """Remove one table of an array; what closes it moves to the table before it."""
    table = items[index]
    if isinstance(items, AoT) and isinstance(table, Table) and index > 0:
        _give_tail(items[index - 1], _take_tail(table))
    del items[index]


def append_at_end_of(items: AoT, record: Any) -> None:
    last = items[-1] if len(items) else None
    tail = _take_tail(last) if isinstance(last, Table) else []
    if isinstance(last, Table):
        last.value.body.append((None, Whitespace("\n")))
    table = new_table(record)
    _take_tail(table)
    _give_tail(table, tail or [Whitespace("\n")])
    items.append(table)


def append_at_end(doc: TOMLDocument, key: str, record: Any) -> None:
    """``append_record``, with the new table after the last one but before the comments that
    close it (the next section's heading)."""
    items = doc.get(key)
    if isinstance(items, AoT):
        append_at_end_of(items, record)
    else:
        append_record(doc, key, record)


# ---------------------------------------------------------------- metrics (step 2)
def replace_metric(cycle: model.Cycle, metric_id: str, metric: model.Metric) -> model.Cycle:
    """Change one metric to ``metric`` (every field; its id too, if no other metric names it)."""
    old = cycle.metric(metric_id)
    if old is None:
        raise CsiError.one(f"no metric with id {metric_id!r}", file=cycle.path, key="metrics")
    if metric.id != metric_id:
        if cycle.metric(metric.id) is not None:
            raise CsiError.one(
                f"a metric with id {metric.id!r} already exists",
                file=cycle.path,
                key="metrics",
                hint="choose another id",
            )
        _refuse_if_used(cycle, metric_id, "renamed")

    def change(doc: TOMLDocument) -> None:
        update_table(find_table(doc, "metrics", metric_id, "metric"), old, metric)

    return edit_cycle(cycle, change)


def add_metric(cycle: model.Cycle, metric: model.Metric) -> model.Cycle:
    """Append a metric (``[[metrics]]``); its id must be new."""
    if cycle.metric(metric.id) is not None:
        raise CsiError.one(
            f"a metric with id {metric.id!r} already exists",
            file=cycle.path,
            key="metrics",
            hint="choose another id",
        )
    return edit_cycle(cycle, lambda doc: append_at_end(doc, "metrics", metric))


def metric_users(cycle: model.Cycle, metric_id: str) -> tuple[str, ...]:
    """The ids of the metrics that have ``metric_id`` as a guardrail."""
    return tuple(m.id for m in cycle.metrics if metric_id in m.guardrails)


def check_removable(cycle: model.Cycle, metric_id: str) -> None:
    """Raise ``CsiError`` when the metric cannot be removed (another uses it as a guardrail)."""
    _refuse_if_used(cycle, metric_id, "removed")


def _refuse_if_used(cycle: model.Cycle, metric_id: str, verb: str) -> None:
    users = metric_users(cycle, metric_id)
    if users:
        names = ", ".join(repr(u) for u in users)
        raise CsiError.one(
            f"metric {metric_id!r} cannot be {verb}: it is a guardrail of {names}",
            file=cycle.path,
            key="metrics",
            hint=f"remove it from the guardrails of {names} first",
        )


def remove_metric(cycle: model.Cycle, metric_id: str) -> model.Cycle:
    """Remove a metric; refused while another metric uses it as a guardrail."""
    if cycle.metric(metric_id) is None:
        raise CsiError.one(f"no metric with id {metric_id!r}", file=cycle.path, key="metrics")
    _refuse_if_used(cycle, metric_id, "removed")

    def change(doc: TOMLDocument) -> None:
        items = doc.get("metrics")
        assert isinstance(items, AoT | Array)
        index = next(
            i
            for i, t in enumerate(items)
            if isinstance(t, Table | InlineTable) and t.get("id") == metric_id
        )
        _remove_item(items, index)

    return edit_cycle(cycle, change)


# ---------------------------------------------------------------- register entries (step 1)
def replace_opportunity(
    register: model.Register, opportunity_id: str, opportunity: model.Opportunity
) -> model.Register:
    """Change one register entry to ``opportunity`` (state, owner, priority, size, due...)."""
    old = register.get(opportunity_id)
    if old is None:
        raise CsiError.one(
            f"no opportunity with id {opportunity_id!r}", file=register.path, key="opportunities"
        )
    if opportunity.id != opportunity_id and register.get(opportunity.id) is not None:
        raise CsiError.one(
            f"an opportunity with id {opportunity.id!r} already exists",
            file=register.path,
            hint="choose another id",
        )

    def change(doc: TOMLDocument) -> None:
        table = find_table(doc, "opportunities", opportunity_id, "opportunity")
        update_table(table, old, opportunity)

    return edit_register(register, change)
