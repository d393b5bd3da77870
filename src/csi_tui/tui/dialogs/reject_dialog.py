"""Reject the change: the reason (required). Returns it with who decided, or None on escape."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from csi_tui.tui.dialogs.form_css import dialog_css


@dataclass(frozen=True)
class RejectRequest:
    reason: str
    by: str


class RejectDialog(ModalScreen[RejectRequest | None]):
    DEFAULT_CSS = dialog_css("RejectDialog")
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "confirm", "Reject", id="confirm-reject"),
    ]

    def __init__(self, cycle_id: str, register_id: str | None, records_decision: bool) -> None:
        super().__init__()
        self.cycle_id, self.register_id = cycle_id, register_id
        self.records_decision = records_decision

    def compose(self) -> ComposeResult:
        entry = f" and register entry {self.register_id}" if self.register_id else ""
        with Vertical():
            yield Label(Text(f"✖ Reject the change of {self.cycle_id}", style="bold"))
            yield Static(
                f"Closes the cycle{entry} as unsuccessful; the baselines stay as they were."
            )
            if self.records_decision:
                yield Static('The decision "reject" is recorded with it.')
            with Horizontal(classes="row"):
                yield Label("Reason", classes="label")
                yield Input(placeholder="why the change is not kept", id="reason")
            with Horizontal(classes="row"):
                yield Label("By", classes="label")
                yield Input(placeholder="who decided", id="by")
            yield Static("", id="error", classes="error")
            yield Label("enter or ctrl+s reject · escape cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.query_one("#error", Static).update("✖ Say why the change is rejected.")
            return
        self.dismiss(RejectRequest(reason, self.query_one("#by", Input).value.strip()))
