"""Step 1: add or change a CSI register entry (state, owner, priority, size, due...)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from csi_tui.cycle import model
from csi_tui.cycle.field_checks import (
    FieldProblems,
    check_opportunity,
    opportunity_as_text,
    opportunity_draft,
)
from csi_tui.tui.dialogs.form_base import EditForm, FieldSpec


class RegisterForm(EditForm[model.Opportunity]):
    FIELDS = (
        FieldSpec("id", "id", placeholder="e.g. CSI-007"),
        FieldSpec("description", "description"),
        FieldSpec("state", "state", "select", model.REGISTER_STATES),
        FieldSpec("actioned_by", "owner", placeholder="who is actioning it"),
        FieldSpec("priority", "priority", "select", model.PRIORITIES),
        FieldSpec("size", "size", "select", model.SIZES),
        FieldSpec("due", "due", placeholder="2026-12-31"),
        FieldSpec("service", "service"),
        FieldSpec("timescale", "timescale", placeholder="e.g. 3 months"),
        FieldSpec("kpi", "KPI", placeholder="the KPI it should move"),
        FieldSpec("justification", "justification"),
        FieldSpec("raised", "raised", placeholder="2026-01-31"),
        FieldSpec("raised_by", "raised by"),
        FieldSpec("closure_code", "closure code", "select", model.CLOSURE_CODES, blank=True),
        FieldSpec("outcome", "outcome"),
        FieldSpec("cycles", "cycles", placeholder="cycle ids, comma separated"),
    )

    def __init__(
        self,
        register: model.Register,
        opportunity: model.Opportunity | None,
        save: Callable[[model.Opportunity | None, model.Opportunity], bool],
        today: date | None = None,
    ) -> None:
        self.register = register
        self.original = opportunity
        self._save = save
        if opportunity is not None:
            values = opportunity_as_text(opportunity)
            title = f"Edit register entry {opportunity.id}"
        else:
            values = {
                "raised": (today or date.today()).isoformat(),
                "state": "new",
                "priority": "medium",
                "size": "M",
            }
            title = "Add an entry to the CSI register"
        super().__init__(title, values)

    def check(self, values: Mapping[str, str]) -> tuple[model.Opportunity | None, FieldProblems]:
        editing = self.original.id if self.original is not None else None
        return check_opportunity(self.register, opportunity_draft(values), editing)

    def save(self, record: model.Opportunity) -> bool:
        return self._save(self.original, record)

    def edited(self) -> model.Register:
        return self.register
