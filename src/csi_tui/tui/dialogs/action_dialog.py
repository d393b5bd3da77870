"""Add an action item (``a``): what, who, by when, its status; the id is the next free A-number."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import cast

from textual.app import ComposeResult
from textual.widgets import Input, Select

from csi_tui.cycle.model import Action, ActionStatus
from csi_tui.tui.dialogs.form import FormDialog, date_problem

STATUS_CHOICES = (
    ("○ open", "open"),
    ("◐ in progress", "in_progress"),
    ("✔ done", "done"),
    ("✖ dropped", "dropped"),
)


class ActionDialog(FormDialog[Action]):
    TITLE_TEXT = "Add an action"

    def __init__(self, today: date, proposed_id: str, taken: Collection[str]) -> None:
        super().__init__()
        self.today, self.proposed_id, self.taken = today, proposed_id, set(taken)

    def context(self) -> str:
        return "Saved in the cycle file as [[actions]]; step 7 lists them"

    def fields(self) -> ComposeResult:
        # What first (it has the focus: the chair types as people speak); the id, proposed, last.
        yield from self.field("Action", Input(id="action-title", placeholder="what is to be done"))
        yield from self.field("Owner", Input(id="action-owner", placeholder="who does it"))
        yield from self.field("Due", Input(id="action-due", placeholder="YYYY-MM-DD"))
        yield from self.field(
            "Status", Select(STATUS_CHOICES, value="open", allow_blank=False, id="action-status")
        )
        yield from self.field("Id", Input(self.proposed_id, id="action-id"))

    def validate(self) -> dict[str, str]:
        errors = {}
        ident = self.text("action-id")
        if not ident:
            errors["action-id"] = f"an id is needed, e.g. {self.proposed_id}"
        elif ident in self.taken:
            errors["action-id"] = f"{ident} is taken; {self.proposed_id} is free"
        if not self.text("action-title"):
            errors["action-title"] = "say what is to be done"
        if not self.text("action-owner"):
            errors["action-owner"] = "an owner is missing: every action needs one person"
        problem = date_problem(self.text("action-due"))
        if problem:
            errors["action-due"] = problem
        return errors

    def result(self) -> Action:
        status = cast(ActionStatus, self.choice("action-status") or "open")
        return Action(
            id=self.text("action-id"),
            title=self.text("action-title"),
            owner=self.text("action-owner"),
            due=date.fromisoformat(self.text("action-due")),
            status=status,
            done_on=self.today if status == "done" else None,
        )
