"""Confirm the adoption: the value each metric adopts, the method, the next cycle; a reason when
the results fall short of a target. Returns what to adopt with, or None on escape."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from csi_tui.analysis import fmt
from csi_tui.analysis.adoption import METHOD_WORDS, AdoptedValue, not_met
from csi_tui.analysis.results import STATUS_GLYPHS, STATUS_WORDS
from csi_tui.tui.dialogs.form_css import dialog_css
from csi_tui.tui.widgets.tick_box import TickBox


@dataclass(frozen=True)
class AdoptForm:
    """What the dialog shows."""

    cycle_id: str
    values: tuple[AdoptedValue, ...]
    next_id: str
    start: date | None
    needs_decision: bool  # the latest decision is not adopt: offer to record it
    problem: str = ""  # why the default next cycle cannot be used (e.g. its file exists)


@dataclass(frozen=True)
class AdoptRequest:
    next_id: str
    start: date | None
    by: str
    override: str
    record_decision: bool


def status_word(value: AdoptedValue) -> str:
    """Whether the metric met its target, glyph and word; nothing for one without a target."""
    if not value.has_target:
        return ""
    if value.status == "unknown":
        return "? NOT ANALYSED"  # a target, but no analysis to say where it stands
    return f"{STATUS_GLYPHS[value.status]} {STATUS_WORDS[value.status]}"


def values_table(values: Sequence[AdoptedValue]) -> Table:
    """Per metric: baseline -> the value adopted, and whether it met its target (glyph + word)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, max_width=30)
    table.add_column(no_wrap=True, justify="right")
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, justify="right")
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    for v in values:
        # Both in the one number style of the app; the file gets six significant digits.
        old = fmt.number(v.baseline, v.unit, "full")
        new = fmt.number(v.value, v.unit, "full") if v.value is not None else "(kept)"
        unit = v.unit if v.value is not None else ""
        table.add_row(Text(v.name), old, "→", new, Text(unit), Text(status_word(v)))
    return table


class AdoptDialog(ModalScreen[AdoptRequest | None]):
    DEFAULT_CSS = (
        dialog_css("AdoptDialog")
        + """
    AdoptDialog #values { height: auto; max-height: 9; }
    """
    )
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "confirm", "Adopt", id="confirm-adopt"),
    ]

    def __init__(self, form: AdoptForm) -> None:
        super().__init__()
        self.form = form
        self.short = not_met(form.values)

    def compose(self) -> ComposeResult:
        form = self.form
        method = form.values[0].method if form.values else "window_mean"
        with Vertical():
            yield Label(Text(f"Adopt {form.cycle_id} as the new standard baseline", style="bold"))
            yield Static(f"New baselines: {METHOD_WORDS[method]}")
            with VerticalScroll(id="values"):
                yield Static(values_table(form.values))
            with Horizontal(classes="row"):
                yield Label("Next cycle", classes="label")
                yield Input(form.next_id, id="next-id")
            with Horizontal(classes="row"):
                yield Label("Starts", classes="label")
                yield Input(form.start.isoformat() if form.start else "", id="start")
            with Horizontal(classes="row"):
                yield Label("By", classes="label")
                yield Input(placeholder="who decided", id="by")
            if form.needs_decision:
                yield TickBox('Record the decision "adopt" now', id="record-decision")
            if self.short:
                names = ", ".join(v.name for v in self.short)
                yield Static(
                    Text(f"▼ Not shown to meet the target: {names}. Why adopt anyway (recorded)?")
                )
                with Horizontal(classes="row"):
                    yield Label("Override", classes="label")
                    yield Input(placeholder="why adopt although short", id="override")
            yield Static(form.problem, id="error", classes="error")
            yield Label("enter or ctrl+s adopt · escape cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#by", Input).focus()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_confirm()

    def _error(self, text: str) -> None:
        self.query_one("#error", Static).update(text)

    def action_confirm(self) -> None:
        next_id = self.query_one("#next-id", Input).value.strip()
        start_text = self.query_one("#start", Input).value.strip()
        override = self.query_one("#override", Input).value.strip() if self.short else ""
        if not next_id:
            self._error("✖ Give the next cycle an id.")
            return
        try:
            start = date.fromisoformat(start_text) if start_text else None
        except ValueError:
            self._error(f"✖ {start_text!r} is not a date (YYYY-MM-DD).")
            return
        if self.short and not override:
            self._error("✖ The results do not meet every target: say why you adopt anyway.")
            self.query_one("#override", Input).focus()
            return
        record = (
            self.query_one("#record-decision", Checkbox).value
            if self.form.needs_decision
            else False
        )
        if self.form.needs_decision and not record:
            self._error('✖ The latest decision is not "adopt": tick the box to record it now.')
            return
        self.dismiss(
            AdoptRequest(
                next_id=next_id,
                start=start,
                by=self.query_one("#by", Input).value.strip(),
                override=override,
                record_decision=record,
            )
        )
