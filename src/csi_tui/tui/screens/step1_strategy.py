"""Step 1: Strategy. Vision, business need, objectives and CSFs; the CSI register."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from csi_tui.cycle.model import Cycle, Opportunity
from csi_tui.tui import editing
from csi_tui.tui.screens.base import StepScreen
from csi_tui.tui.screens.shown import ShownCache
from csi_tui.tui.state import AppState
from csi_tui.tui.widgets.label_grid import Row as LabelRow
from csi_tui.tui.widgets.label_grid import label_grid
from csi_tui.tui.widgets.sortable_table import Row, SortableTable, clip

# What a reviewer scans for first comes first: at 80 columns owner and size are the ones
# that need a scroll to the right.
REGISTER_HEADERS = ("id", "description", "state", "priority", "due", "owner", "size")
# id 7, state 11, priority 8, due 10, 2 cells of padding for each of the 5 columns, scrollbar
REGISTER_FIXED_WIDTH = 7 + 11 + 8 + 10 + 5 * 2 + 4


def strategy_text(cycle: Cycle | None) -> Table | Text:
    """The strategy as label / value columns: long paragraphs wrap under their own text."""
    if cycle is None:
        return Text("No cycle is open yet. Press o to choose one.", style="italic")
    strategy = cycle.strategy
    info = cycle.cycle
    head = Text()
    head.append(info.id, style="bold")
    head.append(f"  {info.start} → {info.end}, per {info.grain}, owner {info.owner}")
    rows: list[LabelRow] = [
        ("Cycle", head),
        ("Vision", _one_line(strategy.vision)),
        ("Need", _one_line(strategy.business_need)),
    ]
    objectives = [f"• {objective}" for objective in strategy.objectives] or ["— none yet"]
    rows += [("Objectives" if i == 0 else "", line) for i, line in enumerate(objectives)]
    csfs: list[Text | str] = []
    for csf in strategy.csfs:
        line = Text(f"{csf.id}  {csf.name}")
        if csf.description:
            line.append(f": {csf.description}", style="dim")
        csfs.append(line)
    rows += [("CSFs" if i == 0 else "", line) for i, line in enumerate(csfs or ["— none yet"])]
    return label_grid(rows, label_width=10)


def _one_line(text: str) -> str:
    """Multi-line TOML strings read as one paragraph; the widget wraps them to the screen."""
    return " ".join(text.split()) or "— not written yet"


def register_row(opportunity: Opportunity, description_width: int = 30) -> Row:
    return (
        opportunity.id,
        clip(opportunity.description, description_width),
        opportunity.state.replace("_", " "),
        opportunity.priority,
        str(opportunity.due) if opportunity.due else "—",
        clip(opportunity.actioned_by or opportunity.raised_by or "—", 12),
        opportunity.size,
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
        Binding("e", "edit_strategy", "Edit strategy", id="edit-strategy"),
        Binding(
            "plus", "add_entry", "Add entry", key_display="+", show=False, id="add-register-entry"
        ),
        Binding("escape", "leave_filter", "Leave filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown = ShownCache()
        self._width = 80

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="strategy"):
            yield Static(id="strategy-text")
        yield Input(placeholder="/ filter the CSI register", id="register-filter")
        yield SortableTable(id="register")

    def on_mount(self) -> None:
        if self.app_closed:
            return
        super().on_mount()
        self.query_one("#register", SortableTable).focus()

    def on_resize(self) -> None:
        """The description column takes the width there is: re-lay it when the terminal resizes."""
        if self.app_closed:
            return
        if self.app.size.width != self._width:
            self._shown = ShownCache()
            self.show_state(self.csi_app.state)

    def show_state(self, state: AppState) -> None:
        if not self._shown.changed(state.workspace, state.cycle_id):
            return  # e.g. a progress update: nothing this screen shows has changed
        self._width = self.app.size.width
        self.query_one("#strategy-text", Static).update(strategy_text(state.cycle))
        table = self.query_one("#register", SortableTable)
        register = state.workspace.register if state.workspace else None
        opportunities = register.opportunities if register else ()
        table.border_title = f"CSI register · {len(opportunities)} opportunities"
        width = max(20, min(44, self._width - REGISTER_FIXED_WIDTH))
        table.set_rows(REGISTER_HEADERS, [(o.id, register_row(o, width)) for o in opportunities])

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#register", SortableTable).set_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#register", SortableTable).focus()

    def on_data_table_row_selected(self, event: SortableTable.RowSelected) -> None:
        """Enter on a register row edits that entry."""
        if event.row_key.value is not None:
            event.stop()
            editing.edit_register_entry(self.csi_app, str(event.row_key.value))

    def action_edit_strategy(self) -> None:
        editing.edit_strategy(self.csi_app)

    def action_add_entry(self) -> None:
        editing.add_register_entry(self.csi_app)

    def action_filter(self) -> None:
        self.query_one("#register-filter", Input).focus()

    def action_leave_filter(self) -> None:
        self.query_one("#register", SortableTable).focus()
