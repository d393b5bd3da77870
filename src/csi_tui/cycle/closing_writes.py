"""Closing writes up to three files (the next cycle, the closed cycle, the register entry), one
after the other: each step here either succeeds or undoes what the steps before it wrote, so a
failure leaves the files as they were."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from tomlkit.items import Array, Table
from tomlkit.toml_document import TOMLDocument

from csi_tui.cycle import model
from csi_tui.cycle.closing_refusals import register_entry
from csi_tui.cycle.edit import append_record, edit_register, find_table, new_table, set_key
from csi_tui.cycle.save import atomic_write, check_unchanged
from csi_tui.errors import CsiError


def check_files_unchanged(workspace: model.Workspace, cycle: model.Cycle) -> None:
    """Both files as loaded, before anything is written (edit_file checks again)."""
    if cycle.path is None or cycle.loaded_hash is None:
        raise CsiError.one("this cycle was not loaded from a file; it cannot be closed here")
    check_unchanged(cycle.path, cycle.loaded_hash)
    register = workspace.register
    if cycle.cycle.register_id is not None and register is not None and register.path is not None:
        check_unchanged(register.path, register.loaded_hash)


def restore_file(path: Path, original: bytes, written_hash: str | None) -> None:
    """Put a file back as it was before we wrote it (best effort: we are already failing)."""
    with contextlib.suppress(CsiError, OSError):
        atomic_write(path, original, written_hash)


def remove_file(path: Path) -> None:
    """Remove a file we wrote (best effort: we are already failing)."""
    with contextlib.suppress(OSError):
        path.unlink()


def cycle_change(
    cycle: model.Cycle,
    *,
    outcome: model.Outcome | None = None,
    adoption: model.Adoption | None = None,
    decision: model.Decision | None = None,
    status: model.CycleStatus | None = None,
) -> Callable[[TOMLDocument], None]:
    """The closed cycle's edit: the decision, ``[adoption]``, ``[outcome]`` and the status."""

    def change(doc: TOMLDocument) -> None:
        if decision is not None:
            append_record(doc, "decisions", decision)
        if adoption is not None:
            doc.append("adoption", new_table(adoption))
        if outcome is not None:
            doc.append("outcome", new_table(outcome))
        if status is not None:
            info = doc.get("cycle")
            if not isinstance(info, Table):
                raise CsiError.one("the file has no [cycle] table", file=cycle.path)
            set_key(info, "status", status)

    return change


def _register_change(
    entry_id: str, closure: model.ClosureCode, outcome: str, add_cycle: str | None
) -> Callable[[TOMLDocument], None]:
    def change(doc: TOMLDocument) -> None:
        table = find_table(doc, "opportunities", entry_id, "opportunity")
        set_key(table, "state", "closed")
        set_key(table, "closure_code", closure)
        set_key(table, "outcome", outcome)
        if add_cycle is not None:
            cycles = table.get("cycles")
            if isinstance(cycles, Array):
                if add_cycle not in cycles:
                    cycles.append(add_cycle)
            else:
                set_key(table, "cycles", [add_cycle])

    return change


def close_register(
    workspace: model.Workspace,
    cycle: model.Cycle,
    closure: model.ClosureCode,
    outcome: str,
    add_cycle: str | None,
    undo: Callable[[], None],
) -> model.Register | None:
    """Close the cycle's register entry (None: it names none); ``undo`` the files written before
    this, should it fail."""
    entry = register_entry(workspace, cycle)
    if entry is None or workspace.register is None:
        return None
    try:
        return edit_register(
            workspace.register, _register_change(entry.id, closure, outcome, add_cycle)
        )
    except BaseException:
        undo()
        raise
