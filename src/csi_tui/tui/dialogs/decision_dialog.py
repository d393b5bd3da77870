"""Record the decision (``d``): adopt, continue testing or reject, why, and who decided; dated
today."""

from __future__ import annotations

from datetime import date
from typing import cast

from textual.app import ComposeResult
from textual.widgets import Input, Select

from csi_tui.cycle.model import Decision, DecisionKind
from csi_tui.tui.dialogs.form import FormDialog

CHOICES = (
    ("✔ adopt: the change becomes the new standard", "adopt"),
    ("↻ continue testing: not proven yet", "continue"),
    ("✖ reject: roll the change back", "reject"),
)


class DecisionDialog(FormDialog[Decision]):
    TITLE_TEXT = "Record the decision"

    def __init__(self, today: date, decided_by: str) -> None:
        super().__init__()
        self.today, self.decided_by = today, decided_by

    def context(self) -> str:
        return f"Dated {self.today}; saved in the cycle file as [[decisions]]"

    def fields(self) -> ComposeResult:
        yield from self.field(
            "Decision", Select(CHOICES, prompt="choose (enter opens the list)", id="decision-kind")
        )
        yield from self.field(
            "Rationale", Input(id="decision-rationale", placeholder="why, in one or two sentences")
        )
        yield from self.field("Decided by", Input(self.decided_by, id="decision-by"))

    def validate(self) -> dict[str, str]:
        errors = {}
        if self.choice("decision-kind") is None:
            errors["decision-kind"] = "choose adopt, continue testing or reject"
        if not self.text("decision-rationale"):
            errors["decision-rationale"] = "say why: the minutes and the next cycle need it"
        if not self.text("decision-by"):
            errors["decision-by"] = "who decided? e.g. the review board or the chair"
        return errors

    def result(self) -> Decision:
        return Decision(
            date=self.today,
            decision=cast(DecisionKind, self.choice("decision-kind")),
            rationale=self.text("decision-rationale"),
            decided_by=self.text("decision-by"),
        )
