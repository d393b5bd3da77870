"""Change an action's status (palette "Change action status"): which action, its new status and,
when done, the day it was done."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

from textual.app import ComposeResult
from textual.widgets import Input, Select

from csi_tui.cycle.model import Action, ActionStatus
from csi_tui.tui.dialogs.action_dialog import STATUS_CHOICES
from csi_tui.tui.dialogs.form import FormDialog, date_problem


@dataclass(frozen=True)
class StatusChange:
    action_id: str
    status: ActionStatus
    done_on: date | None


class ActionStatusDialog(FormDialog[StatusChange]):
    TITLE_TEXT = "Change an action's status"

    def __init__(self, actions: Sequence[Action], today: date, selected: str | None) -> None:
        super().__init__()
        self.actions, self.today, self.selected = list(actions), today, selected

    def fields(self) -> ComposeResult:
        choices = [(f"{a.id} {a.title} ({a.owner}, {a.status})", a.id) for a in self.actions]
        ids = [a.id for a in self.actions]
        first = self.selected if self.selected in ids else (ids[0] if ids else Select.NULL)
        yield from self.field(
            "Action", Select(choices, value=first, allow_blank=not ids, id="status-action")
        )
        current = next((a.status for a in self.actions if a.id == first), "open")
        yield from self.field(
            "New status",
            Select(STATUS_CHOICES, value=current, allow_blank=False, id="status-status"),
        )
        yield from self.field(
            "Done on (if done)",
            Input(str(self.today), id="status-done-on", placeholder="YYYY-MM-DD"),
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "status-action" and event.value is not Select.NULL:
            found = next((a for a in self.actions if a.id == event.value), None)
            if found is not None:
                self.query_one("#status-status", Select).value = found.status

    def validate(self) -> dict[str, str]:
        errors = {}
        if self.choice("status-action") is None:
            errors["status-action"] = "no action chosen (add one with a)"
        if self.choice("status-status") == "done":
            problem = date_problem(self.text("status-done-on"))
            if problem:
                errors["status-done-on"] = problem
        return errors

    def result(self) -> StatusChange:
        status = cast(ActionStatus, self.choice("status-status"))
        done_on = date.fromisoformat(self.text("status-done-on")) if status == "done" else None
        return StatusChange(str(self.choice("status-action")), status, done_on)
