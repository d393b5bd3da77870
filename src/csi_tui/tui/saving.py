"""Saving edits made in the app: one door for every form, dialog and meeting record.

Every change to a cycle file or the register goes through ``save_cycle_edit`` or
``save_register_edit`` with a function from ``csi_tui.cycle.edit`` (atomic, comment-keeping,
refusing a file changed on disk). The saved result replaces the state whole, the file watch is
told the new stamp (our own save is not "changed on disk"), and what the edit touched is worked
out again: nothing for meeting records, the analysis alone for expectations, the data for
formulas, filters and sources.

A file changed on disk since it was loaded opens the conflict dialog (both changes side by side:
keep mine, take the disk's, or reapply my edit on it). Every save, a conflict's included, goes
on the session's undo history (``ctrl+z``), and each undo is itself a checked atomic save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from csi_tui.cycle import versions
from csi_tui.cycle.conflict import apply_to_version, compact_diff, decode, keep_copy
from csi_tui.cycle.load import load_cycle, load_register, parse_cycle, parse_register
from csi_tui.cycle.model import Cycle, Register
from csi_tui.cycle.save import ChangedOnDisk, atomic_write, content_hash
from csi_tui.errors import CsiError, Problem
from csi_tui.tui import services
from csi_tui.tui.app_base import CsiAppBase
from csi_tui.tui.reanalysis import ReanalysisMixin
from csi_tui.tui.undo import Kind, UndoEntry, UndoStack, write_back

# What a saved edit makes stale: "none" (notes, decisions, actions, names shown only as text),
# "analysis" (target, amber, baseline, direction: the numbers stand, the verdicts change),
# "data" (formulas, filters, sources, breakdowns: the numbers change).
Recompute = Literal["none", "analysis", "data"]
# Given a version of the file, the bytes with my edit made on it (raises CsiError if it can't).
MakeMine = Callable[[bytes], bytes]


@dataclass(frozen=True)
class _Kind:
    load: Callable[[Path], Any]
    parse: Callable[[str, Path], Any]


KINDS: dict[Kind, _Kind] = {
    "cycle": _Kind(load_cycle, parse_cycle),
    "register": _Kind(load_register, parse_register),
}


class SavingMixin(ReanalysisMixin):
    """A layer of CsiApp, on loading: save an edit, resolve a conflict, undo; apply the result to
    the state."""

    _undo: UndoStack | None = None

    @property
    def undo_stack(self) -> UndoStack:
        if self._undo is None:
            self._undo = UndoStack()
        return self._undo

    def save_cycle_edit(
        self,
        label: str,
        change: Callable[[Cycle], Cycle],
        *,
        recompute: Recompute = "none",
    ) -> Cycle | None:
        """Run ``change`` on the open cycle (it saves the file) and show the result.

        Returns the saved cycle, or None when nothing was saved (the reason is shown; a file
        changed on disk opens the conflict dialog on top, which may save later). ``change``
        must only edit the file of the cycle it is given: to resolve a conflict it is run on a
        private copy of another version of that file.
        """
        cycle = self.state.cycle
        if cycle is None:
            self.notify("No cycle is open.", severity="warning")
            return None
        saved: Cycle | None = self._save("cycle", label, change, cycle, recompute)
        return saved

    def save_register_edit(
        self, label: str, change: Callable[[Register], Register]
    ) -> Register | None:
        workspace = self.state.workspace
        if workspace is None or workspace.register is None:
            self.notify("This workspace has no register.toml.", severity="warning")
            return None
        saved: Register | None = self._save("register", label, change, workspace.register, "none")
        return saved

    def _save(
        self,
        kind: Kind,
        label: str,
        change: Callable[[Any], Any],
        record: Any,
        recompute: Recompute,
    ) -> Any:
        before = loaded_version(record)
        try:
            saved = change(record)
        except ChangedOnDisk as conflict:
            loaded = versions.recall(conflict.expected)
            self.resolve_conflict(
                kind,
                label,
                conflict,
                lambda data: apply_to_version(change, record, data),
                loaded,
                recompute=recompute,
            )
            return None
        except CsiError as error:
            self._notify_problems(error.problems)
            return None
        except OSError as error:
            self.notify(f"{label}: not saved: {error}", title="Not saved", severity="error")
            return None
        self.record_save(kind, label, saved, before, recompute)
        self.notify(label, title="Saved", timeout=3)
        return saved

    def record_save(
        self,
        kind: Kind,
        label: str,
        saved: Any,
        before: bytes | None,
        recompute: Recompute,
    ) -> None:
        """A save just made: into the state, and onto the undo history."""
        self.apply_saved(kind, saved, recompute)
        after = versions.recall(saved.loaded_hash)
        if before is not None and after is not None and saved.path is not None:
            self.undo_stack.push(UndoEntry(Path(saved.path), before, after, label, kind, recompute))

    def apply_saved(self, kind: Kind, saved: Any, recompute: Recompute) -> None:
        if kind == "cycle":
            self.apply_saved_cycle(saved, recompute=recompute)
            return
        workspace = self.state.workspace
        if workspace is not None:
            self._set_state(workspace=replace(workspace, register=saved))
            self._restamp(saved.path)

    def apply_saved_cycle(self, saved: Cycle, *, recompute: Recompute = "none") -> None:
        """Put a cycle just saved by the app into the workspace and work out what went stale."""
        workspace = self.state.workspace
        if workspace is None:
            return
        # The open cycle as it was computed, and its result: what the edit leaves is kept from it.
        before, result = self.state.computed_from, self.state.compute
        previous = (before, result) if before is not None and result is not None else None
        # The same file may now hold another id (a raw edit): replace it by file as well.
        cycles: list[Cycle] = []
        replaced_ids: set[str] = set()
        for c in workspace.cycles:
            if c.id == saved.id or _same_file(c, saved):
                if not replaced_ids:
                    cycles.append(saved)
                replaced_ids.add(c.id)
            else:
                cycles.append(c)
        if not replaced_ids:
            cycles.append(saved)
        changes: dict[str, Any] = {"workspace": replace(workspace, cycles=tuple(cycles))}
        if self.state.cycle_id in replaced_ids and saved.id != self.state.cycle_id:
            changes["cycle_id"] = saved.id
            recompute = "data"
        compute = self.state.compute
        analysis_only = recompute == "analysis" and saved.id == self.state.cycle_id
        if analysis_only and compute is not None:
            # One state change, not two: each repaints the step on show and the steps behind it.
            quick = self._quick_analysis(saved, compute)
            if quick is not None:  # the new verdict is in the first repaint after the form
                self._set_state(**changes, analysis=quick)
            else:
                self._set_state(**changes, busy=f"Analysing {saved.id}")
                self._reanalyse(saved, compute)
            self._restamp(saved.path)
            return
        self._set_state(**changes)
        self._restamp(saved.path)
        if saved.id != self.state.cycle_id or recompute == "none":
            return
        self._set_state(busy=f"Computing {saved.id}", progress=None)
        # only what the edit touched is computed again (data/touched.py)
        self._cycle_worker(self.state.workspace, saved.id, previous)

    def _restamp(self, path: Path | None) -> None:
        """Our own save is not a change on disk: record the file's new stamp."""
        if path is None or path not in self._stamps:
            return
        self._stamps = {**self._stamps, **services.mtimes([path])}

    # ------------------------------------------------------------ conflicts
    def resolve_conflict(
        self,
        kind: Kind,
        label: str,
        conflict: ChangedOnDisk,
        make_mine: MakeMine,
        loaded: bytes | None,
        *,
        recompute: Recompute = "none",
        on_done: Callable[[str, Any], None] | None = None,
    ) -> None:
        """Show both changes and do what the user chooses (see ``ConflictDialog``).

        ``make_mine(version)`` makes my edit on a version of the file; ``loaded`` is the version
        my edit was made on. ``on_done(choice, record)`` is told what happened (record None
        when nothing was saved).
        """
        from csi_tui.tui.dialogs.conflict_dialog import ConflictDialog, ConflictView

        path = conflict.path  # the dialog says what happened: no toast over its buttons
        disk = _read(path) or b""
        mine: bytes | None = None
        problem: str | None = "the version you loaded is no longer known; reapply instead"
        if loaded is not None:
            try:
                mine = make_mine(loaded)
                problem = None
            except CsiError as error:
                problem = _first(error.problems)
        base = decode(loaded) if loaded is not None else ""
        view = ConflictView(
            where=services.relative_to_root(path, _root(self)),
            label=label,
            theirs=compact_diff(base, decode(disk)),
            mine=compact_diff(base, decode(mine)) if mine is not None else (),
            mine_problem=problem,
        )
        kinds = KINDS[kind]

        def resolve(choice: str) -> str | None:
            try:
                if choice == "theirs":
                    record = kinds.load(path)
                    self.apply_saved(kind, record, "data")
                    self.notify(
                        f"Took the version on disk; your edit ({label}) was not saved",
                        title="Reloaded",
                    )
                    if on_done is not None:
                        on_done(choice, record)
                    return None
                now = _read(path)
                if now is None:
                    return "the file is gone from disk; nothing was written"
                data = mine if choice == "mine" else make_mine(now)
                assert data is not None
                record = kinds.parse(decode(data), path)  # never write what cannot be read
                copy = keep_copy(path, now) if choice == "mine" else None
                digest = atomic_write(path, data, content_hash(now))
            except ChangedOnDisk:
                return "the file changed on disk again meanwhile; nothing written, choose again"
            except CsiError as error:
                return f"your edit does not fit the file on disk: {_first(error.problems)}"
            except OSError as error:
                return f"could not save: {error}"
            record = replace(record, path=path, loaded_hash=digest)
            self.apply_saved(kind, record, recompute if choice == "mine" else "data")
            self.undo_stack.push(UndoEntry(path, now, data, label, kind, "data"))
            if copy is not None:
                said = f"{label}: your version saved; theirs kept as {copy.name}"
            else:
                said = f"{label}: made again on the version on disk and saved"
            self.notify(said, title="Saved", timeout=6)
            if on_done is not None:
                on_done(choice, record)
            return None

        def closed(choice: str | None) -> None:
            if choice == "later":
                self.notify(f"{label}: not saved", title="Not saved", severity="warning")
                if on_done is not None:
                    on_done("later", None)

        self.push_screen(ConflictDialog(view, resolve), closed)

    # ------------------------------------------------------------ undo
    def action_undo(self) -> None:
        """Write back the file as it was before the session's last save (a checked save)."""
        entry = self.undo_stack.peek()
        if entry is None:
            self.notify("Nothing to undo: no edit was saved in this session.")
            return
        try:
            record = KINDS[entry.kind].parse(decode(entry.before), entry.path)
            digest = write_back(entry)
        except ChangedOnDisk:
            self.notify(
                f"Not undone: {entry.path.name} changed on disk after '{entry.label}' was "
                "saved, and undoing would overwrite that; nothing written (r reloads it)",
                title="Not undone",
                severity="error",
                timeout=8,
            )
            return
        except CsiError as error:
            self._notify_problems(error.problems)
            return
        except OSError as error:
            self.notify(f"Not undone: {error}", title="Not undone", severity="error")
            return
        self.undo_stack.pop()
        record = replace(record, path=entry.path, loaded_hash=digest)
        self.apply_saved(entry.kind, record, entry.recompute)
        self.notify(f"Undone: {entry.label}", title="Undo", timeout=4)


def loaded_version(record: Any) -> bytes | None:
    """The bytes ``record`` was loaded from (kept by hash), or read now if still the same."""
    data = versions.recall(record.loaded_hash)
    if data is None and record.path is not None:
        data = _read(Path(record.path))
        if data is not None and content_hash(data) != record.loaded_hash:
            return None
    return data


def _read(path: Path) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def _first(problems: tuple[Problem, ...]) -> str:
    if not problems:
        return "not valid"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return problems[0].format() + more


def _same_file(a: Cycle, b: Cycle) -> bool:
    return a.path is not None and b.path is not None and Path(a.path) == Path(b.path)


def _root(app: CsiAppBase) -> Path | None:
    return app.state.workspace.root if app.state.workspace is not None else None
