"""Record what a meeting decides in a hand-written cycle file, keeping every comment and blank line.

Cycle files are written by people and kept in git; a save that dropped their comments would be a
lost edit. So the app never rewrites them wholesale: each function here reads the file with
tomlkit (which keeps comments, spacing and key order), changes only the keys it records, checks
the result is still a valid cycle (``parse_cycle``), and writes it atomically, refusing when the
file changed on disk since it was loaded. Each returns the reloaded Cycle (or Register) with its
new ``loaded_hash``; pass that one to the next edit.

New tables are appended at the end of the file (TOML does not care where they sit; moving a
person's text around to keep a nicer order would be worse).

tomlkit parses in pure Python, most of an edit's time; a form about to save can have the file
parsed ahead of time in a worker (``prepare``), and the edit then starts from that document.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, InlineTable, Table
from tomlkit.toml_document import TOMLDocument

from csi_tui.cycle import model, versions
from csi_tui.cycle.convert import suggest
from csi_tui.cycle.load import parse_cycle, parse_register
from csi_tui.cycle.save import atomic_write, check_unchanged, content_hash, record_to_dict
from csi_tui.errors import CsiError

_BOM = b"\xef\xbb\xbf"
T = TypeVar("T", model.Cycle, model.Register)

# Documents parsed ahead (``prepare``), by the content hash of the bytes they were parsed from:
# never the wrong version of a file. Each is taken by one edit (an edit changes the document it
# is given); a few at most are kept, the oldest dropped first.
MAX_PREPARED = 4
_prepared: OrderedDict[str, TOMLDocument] = OrderedDict()
_prepared_lock = threading.Lock()  # prepared in a form's worker thread, taken on the UI thread


def _parse_document(data: bytes) -> TOMLDocument:
    text = data[len(_BOM) :] if data.startswith(_BOM) else data
    return tomlkit.parse(text.decode("utf-8"))


def prepare(path: Path | None, expected_hash: str | None) -> bool:
    """Parse ``path`` ahead of an edit if it is still the version ``expected_hash``; True when a
    document for that version is ready. Safe to call from a worker thread, and again."""
    if path is None or expected_hash is None:
        return False
    with _prepared_lock:
        if expected_hash in _prepared:
            return True
    data = versions.recall(expected_hash)  # the bytes as they were loaded, if still known
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError:
            return False
        if content_hash(data) != expected_hash:
            return False  # changed on disk: the edit will say so
    try:
        doc = _parse_document(data)
    except (TOMLKitError, UnicodeDecodeError):
        return False  # the edit reports it, on the spot
    with _prepared_lock:
        _prepared[expected_hash] = doc
        _prepared.move_to_end(expected_hash)
        while len(_prepared) > MAX_PREPARED:
            _prepared.popitem(last=False)
    return True


def _document(data: bytes, digest: str) -> TOMLDocument:
    """The tomlkit document of ``data``: the one prepared for it (taken), else parsed now."""
    with _prepared_lock:
        doc = _prepared.pop(digest, None)
    return doc if doc is not None else _parse_document(data)


def edit_file(
    path: Path,
    expected_hash: str | None,
    change: Callable[[TOMLDocument], None],
    parse: Callable[[str, Path], T],
) -> T:
    """Apply ``change`` to the tomlkit document of ``path``, validate, write atomically."""
    path = Path(path)
    if expected_hash is None:
        raise CsiError.one(
            "was not loaded from this file, so it cannot be edited in place", file=path
        )
    data = check_unchanged(path, expected_hash)
    assert data is not None  # a file that is gone raised above
    bom = data.startswith(_BOM)
    doc = _document(data, expected_hash)
    change(doc)
    text = tomlkit.dumps(doc)
    # Validate before writing: an edit that would make the file unreadable is refused.
    result = parse(text, path)
    payload = (_BOM if bom else b"") + text.encode("utf-8")
    digest = atomic_write(path, payload, expected_hash)
    assert digest == content_hash(payload)
    return dataclasses.replace(result, path=path, loaded_hash=digest)


def edit_cycle(cycle: model.Cycle, change: Callable[[TOMLDocument], None]) -> model.Cycle:
    if cycle.path is None:
        raise CsiError.one("this cycle was not loaded from a file; save it first")
    return edit_file(cycle.path, cycle.loaded_hash, change, parse_cycle)


def new_table(record: Any) -> Table:
    table = tomlkit.table()
    for key, value in record_to_dict(record).items():
        table.add(key, value)
    # A blank line after a new table keeps it apart from whatever section follows.
    table.add(tomlkit.nl())
    return table


def set_key(table: Table | InlineTable, key: str, value: Any) -> None:
    """Set ``key``; a new key goes right after the table's last key, not after the comments
    and blank lines that close the table (they usually introduce the next section)."""
    if key in table:
        table[key] = value  # tomlkit keeps the key's place and its trailing comment
        return
    body = table.value.body
    last = [i for i, (k, v) in enumerate(body) if k is not None and not isinstance(v, Table | AoT)]
    if last and last[-1] + 1 < len(body):
        # tomlkit has no public "insert at"; its private one has lasted since 0.6 (the
        # "_insert_after" used before was removed in 0.14). test_edit fails if it changes.
        table.value._insert_at(last[-1] + 1, key, value)
        return
    table[key] = value  # the last key ends the table (and the file): appending is the same


def append_record(doc: TOMLDocument, key: str, record: Any) -> None:
    """Append ``record`` to the array of tables ``key``, creating it at the end if absent."""
    table = new_table(record)
    existing = doc.get(key)
    if isinstance(existing, AoT):
        existing.append(table)
        return
    if isinstance(existing, Array):
        # Written by hand as an inline array (notes = [{ ... }]): keep that style.
        inline = tomlkit.inline_table()
        inline.update(record_to_dict(record))
        existing.append(inline)
        return
    if existing is not None:
        raise CsiError.one(f"{key} is not an array of tables ([[{key}]]); fix it by hand")
    doc.append(key, tomlkit.aot())
    aot = doc[key]
    assert isinstance(aot, AoT)
    aot.append(table)


def find_table(doc: TOMLDocument, key: str, item_id: str, what: str) -> Table | InlineTable:
    items = doc.get(key)
    tables = list(items) if isinstance(items, AoT | Array) else []
    for table in tables:
        if isinstance(table, Table | InlineTable) and table.get("id") == item_id:
            return table
    known = [str(t.get("id")) for t in tables if isinstance(t, Table | InlineTable)]
    close = suggest(item_id, known)
    hint = f"did you mean {close!r}?" if close else f"known: {', '.join(known) or 'none'}"
    raise CsiError.one(f"no {what} with id {item_id!r}", key=key, hint=hint)


# ---------------------------------------------------------------- cycle edits
def add_note(cycle: model.Cycle, note: model.Note) -> model.Cycle:
    """Append a meeting note (``[[notes]]``)."""
    return edit_cycle(cycle, lambda doc: append_record(doc, "notes", note))


def record_decision(cycle: model.Cycle, decision: model.Decision) -> model.Cycle:
    """Append a decision (``[[decisions]]``): adopt, continue or reject."""
    return edit_cycle(cycle, lambda doc: append_record(doc, "decisions", decision))


def add_action(cycle: model.Cycle, action: model.Action) -> model.Cycle:
    """Append an action item (``[[actions]]``); its id must be new."""
    if any(a.id == action.id for a in cycle.actions):
        raise CsiError.one(
            f"an action with id {action.id!r} already exists",
            file=cycle.path,
            key="actions",
            hint="choose another id",
        )
    return edit_cycle(cycle, lambda doc: append_record(doc, "actions", action))


def set_action_status(
    cycle: model.Cycle,
    action_id: str,
    status: model.ActionStatus,
    done_on: date | None = None,
) -> model.Cycle:
    """Change an action's status; ``done_on`` is recorded with "done" and cleared otherwise."""
    if status not in model.ACTION_STATUSES:
        raise CsiError.one(f"unknown action status {status!r}")

    def change(doc: TOMLDocument) -> None:
        table = find_table(doc, "actions", action_id, "action")
        set_key(table, "status", status)
        if status == "done" and done_on is not None:
            set_key(table, "done_on", done_on)
        elif status != "done" and "done_on" in table:
            del table["done_on"]

    return edit_cycle(cycle, change)


def adopt_baselines(cycle: model.Cycle, adoption: model.Adoption) -> model.Cycle:
    """Record the adoption (``[adoption]``): new baselines per metric, who, when, next cycle.
    Replaces an earlier adoption table."""

    def change(doc: TOMLDocument) -> None:
        if "adoption" in doc:
            del doc["adoption"]
        doc.append("adoption", new_table(adoption))

    return edit_cycle(cycle, change)


def set_cycle_status(cycle: model.Cycle, status: model.CycleStatus) -> model.Cycle:
    """Change ``[cycle] status`` (draft, active, review, closed)."""
    if status not in model.CYCLE_STATUSES:
        raise CsiError.one(f"unknown cycle status {status!r}")

    def change(doc: TOMLDocument) -> None:
        info = doc.get("cycle")
        if not isinstance(info, Table):
            raise CsiError.one("the file has no [cycle] table", file=cycle.path)
        set_key(info, "status", status)

    return edit_cycle(cycle, change)


def set_metric_values(cycle: model.Cycle, metric_id: str, **values: Any) -> model.Cycle:
    """Change keys of one metric (e.g. ``target=6.0, amber=7.0``); None removes the key."""
    names = {f.name for f in dataclasses.fields(model.Metric)}
    unknown = sorted(set(values) - names)
    if unknown:
        raise CsiError.one(f"metrics have no key {unknown[0]!r}")

    def change(doc: TOMLDocument) -> None:
        table = find_table(doc, "metrics", metric_id, "metric")
        for key, value in values.items():
            if value is None:
                if key in table:
                    del table[key]
            else:
                set_key(table, key, list(value) if isinstance(value, tuple) else value)

    return edit_cycle(cycle, change)


# ---------------------------------------------------------------- register edits
def edit_register(
    register: model.Register, change: Callable[[TOMLDocument], None]
) -> model.Register:
    if register.path is None:
        raise CsiError.one("this register was not loaded from a file")
    return edit_file(register.path, register.loaded_hash, change, parse_register)


def set_opportunity_state(
    register: model.Register,
    opportunity_id: str,
    state: model.RegisterState,
    closure_code: model.ClosureCode | None = None,
    outcome: str | None = None,
) -> model.Register:
    """Move a register entry to ``state``; closing records the closure code and outcome."""
    if state not in model.REGISTER_STATES:
        raise CsiError.one(f"unknown register state {state!r}")

    def change(doc: TOMLDocument) -> None:
        table = find_table(doc, "opportunities", opportunity_id, "opportunity")
        set_key(table, "state", state)
        if closure_code is not None:
            set_key(table, "closure_code", closure_code)
        elif state != "closed" and "closure_code" in table:
            del table["closure_code"]
        if outcome is not None:
            set_key(table, "outcome", outcome)

    return edit_register(register, change)


def add_opportunity(register: model.Register, opportunity: model.Opportunity) -> model.Register:
    """Append an entry to the CSI register; its id must be new."""
    if register.get(opportunity.id) is not None:
        raise CsiError.one(
            f"an opportunity with id {opportunity.id!r} already exists", file=register.path
        )
    return edit_register(register, lambda doc: append_record(doc, "opportunities", opportunity))
