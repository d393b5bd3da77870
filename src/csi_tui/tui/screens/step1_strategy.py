"""Step 1: Strategy. Vision, business need, objectives and CSFs; the CSI register."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from csi_tui.cycle.model import Cycle, Opportunity
from csi_tui.tui.screens.base import StepScreen
from csi_tui.tui.screens.shown import ShownCache
from csi_tui.tui.state import AppState
from csi_tui.tui.widgets.sortable_table import Row, SortableTable, clip

REGISTER_HEADERS = ("id", "description", "priority", "size", "owner", "state", "due")


def strategy_text(cycle: Cycle | None) -> Text:
    text = Text()
    if cycle is None:
        text.append("No cycle is open yet. Press o to choose one.", style="italic")
        return text
    strategy = cycle.strategy
    info = cycle.cycle
    text.append(f"{info.id}", style="bold")
    text.append(f"  {info.start} → {info.end}, per {info.grain}, owner {info.owner}\n")
    text.append("Vision  ", style="bold")
    text.append(_one_line(strategy.vision) + "\n")
    text.append("Need    ", style="bold")
    text.append(_one_line(strategy.business_need) + "\n")
    text.append("Objectives", style="bold")
    if strategy.objectives:
        for objective in strategy.objectives:
            text.append(f"\n  • {objective}")
    else:
        text.append("  — none yet")
    text.append("\nCSFs", style="bold")
    if strategy.csfs:
        for csf in strategy.csfs:
            text.append(f"\n  {csf.id}  {csf.name}")
            if csf.description:
                text.append(f": {csf.description}", style="dim")
    else:
        text.append("  — none yet")
    return text


def _one_line(text: str) -> str:
    """Multi-line TOML strings read as one paragraph; the widget wraps them to the screen."""
    return " ".join(text.split()) or "— not written yet"


def register_row(opportunity: Opportunity) -> Row:
    return (
        opportunity.id,
        clip(opportunity.description, 30),
        opportunity.priority,
        opportunity.size,
        clip(opportunity.actioned_by or opportunity.raised_by or "—", 12),
        opportunity.state.replace("_", " "),
        str(opportunity.due) if opportunity.due else "—",
    )


class StrategyScreen(StepScreen):
    STEP = 1
    DEFAULT_CSS = """
    StrategyScreen #strategy { height: auto; max-height: 9; padding: 0 1; }
    StrategyScreen #register-filter { height: 1; border: none; padding: 0 1; margin: 0; }
    StrategyScreen #register { height: 1fr; }
    """
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("o", "app.choose_cycle", "Cycles", id="cycles"),
        Binding("escape", "leave_filter", "Leave filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown = ShownCache()

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="strategy"):
            yield Static(id="strategy-text")
        yield Input(placeholder="/ filter the CSI register", id="register-filter")
        yield SortableTable(id="register")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#register", SortableTable).focus()

    def show_state(self, state: AppState) -> None:
        if not self._shown.changed(state.workspace, state.cycle_id):
            return  # e.g. a progress update: nothing this screen shows has changed
        self.query_one("#strategy-text", Static).update(strategy_text(state.cycle))
        table = self.query_one("#register", SortableTable)
        register = state.workspace.register if state.workspace else None
        opportunities = register.opportunities if register else ()
        table.border_title = f"CSI register · {len(opportunities)} opportunities"
        table.set_rows(REGISTER_HEADERS, [(o.id, register_row(o)) for o in opportunities])

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#register", SortableTable).set_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#register", SortableTable).focus()

    def action_filter(self) -> None:
        self.query_one("#register-filter", Input).focus()

    def action_leave_filter(self) -> None:
        self.query_one("#register", SortableTable).focus()
