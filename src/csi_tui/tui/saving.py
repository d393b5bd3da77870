"""Saving edits made in the app: one door for every form, dialog and meeting record.

Every change to a cycle file or the register goes through ``save_cycle_edit`` or
``save_register_edit`` with a function from ``csi_tui.cycle.edit`` (atomic, comment-keeping,
refusing a file changed on disk). The saved result replaces the state whole, the file watch is
told the new stamp (our own save is not "changed on disk"), and what the edit touched is worked
out again: nothing for meeting records, the analysis alone for expectations, the data for
formulas, filters and sources.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from csi_tui.cycle.model import Cycle, Register
from csi_tui.errors import CsiError
from csi_tui.tui import services

if TYPE_CHECKING:
    from csi_tui.tui.app import CsiApp

# What a saved edit makes stale: "none" (notes, decisions, actions, names shown only as text),
# "analysis" (target, amber, baseline, direction: the numbers stand, the verdicts change),
# "data" (formulas, filters, sources, breakdowns: the numbers change).
Recompute = Literal["none", "analysis", "data"]


class SavingMixin:
    """Mixed into CsiApp: apply a saved edit to the state."""

    def save_cycle_edit(
        self: CsiApp,
        label: str,
        change: Callable[[Cycle], Cycle],
        *,
        recompute: Recompute = "none",
    ) -> Cycle | None:
        """Run ``change`` on the open cycle (it saves the file) and show the result.

        Returns the saved cycle, or None when nothing was saved (the reason is shown).
        """
        cycle = self.state.cycle
        if cycle is None:
            self.notify("No cycle is open.", severity="warning")
            return None
        try:
            saved = change(cycle)
        except CsiError as error:
            self._notify_problems(error.problems)
            return None
        except OSError as error:
            self.notify(f"{label}: not saved: {error}", title="Not saved", severity="error")
            return None
        self.apply_saved_cycle(saved, recompute=recompute)
        self.notify(label, title="Saved", timeout=3)
        return saved

    def save_register_edit(
        self: CsiApp, label: str, change: Callable[[Register], Register]
    ) -> Register | None:
        workspace = self.state.workspace
        if workspace is None or workspace.register is None:
            self.notify("This workspace has no register.toml.", severity="warning")
            return None
        try:
            saved = change(workspace.register)
        except CsiError as error:
            self._notify_problems(error.problems)
            return None
        except OSError as error:
            self.notify(f"{label}: not saved: {error}", title="Not saved", severity="error")
            return None
        self._set_state(workspace=replace(workspace, register=saved))
        self._restamp(saved.path)
        self.notify(label, title="Saved", timeout=3)
        return saved

    def apply_saved_cycle(self: CsiApp, saved: Cycle, *, recompute: Recompute = "none") -> None:
        """Put a cycle just saved by the app into the workspace and work out what went stale."""
        workspace = self.state.workspace
        if workspace is None:
            return
        cycles = tuple(saved if c.id == saved.id else c for c in workspace.cycles)
        if saved.id not in {c.id for c in workspace.cycles}:
            cycles += (saved,)
        self._set_state(workspace=replace(workspace, cycles=cycles))
        self._restamp(saved.path)
        if saved.id != self.state.cycle_id or recompute == "none":
            return
        if recompute == "analysis" and self.state.compute is not None:
            self._set_state(busy=f"Analysing {saved.id}")
            self._analysis_worker(saved, self.state.compute)
        else:
            self._set_state(busy=f"Computing {saved.id}", progress=None)
            self._cycle_worker(self.state.workspace, saved.id)  # type: ignore[arg-type]

    def _restamp(self: CsiApp, path: object) -> None:
        """Our own save is not a change on disk: record the file's new stamp."""
        if path is None or path not in self._stamps:
            return
        self._stamps = {**self._stamps, **services.mtimes([path])}  # type: ignore[list-item]
