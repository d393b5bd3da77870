"""Continue testing: the cycle's new end date and the reason. Returns them, or None on escape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from csi_tui.tui.dialogs.form_css import dialog_css


@dataclass(frozen=True)
class ContinueRequest:
    until: date
    reason: str
    by: str


class ContinueDialog(ModalScreen[ContinueRequest | None]):
    DEFAULT_CSS = dialog_css("ContinueDialog")
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "confirm", "Extend", id="confirm-continue"),
    ]

    def __init__(self, cycle_id: str, end: date, suggested: date, records_decision: bool) -> None:
        super().__init__()
        self.cycle_id, self.end, self.suggested = cycle_id, end, suggested
        self.records_decision = records_decision

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Continue testing {self.cycle_id}", style="bold"))
            yield Static(f"The cycle ends {self.end}; move its end to a later date.")
            if self.records_decision:
                yield Static('The decision "continue testing" is recorded with it.')
            with Horizontal(classes="row"):
                yield Label("New end", classes="label")
                yield Input(self.suggested.isoformat(), id="until")
            with Horizontal(classes="row"):
                yield Label("Reason", classes="label")
                yield Input(placeholder="why keep testing", id="reason")
            with Horizontal(classes="row"):
                yield Label("By", classes="label")
                yield Input(placeholder="who decided", id="by")
            yield Static("", id="error", classes="error")
            yield Label("enter or ctrl+s extend · escape cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        text = self.query_one("#until", Input).value.strip()
        reason = self.query_one("#reason", Input).value.strip()
        error = self.query_one("#error", Static)
        try:
            until = date.fromisoformat(text)
        except ValueError:
            error.update(f"✖ {text!r} is not a date (YYYY-MM-DD).")
            return
        if until <= self.end:
            error.update(f"✖ The new end must come after {self.end}.")
            return
        if not reason:
            error.update("✖ Say why testing continues.")
            self.query_one("#reason", Input).focus()
            return
        by = self.query_one("#by", Input).value.strip()
        self.dismiss(ContinueRequest(until=until, reason=reason, by=by))
