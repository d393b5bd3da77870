"""Step 7: Implement. The decision and its consequences, actions, the register entry, history."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from csi_tui.cycle.model import Cycle, Workspace
from csi_tui.tui.screens.base import StepScreen
from csi_tui.tui.screens.shown import ShownCache
from csi_tui.tui.state import AppState
from csi_tui.tui.widgets.label_grid import Row, label_grid
from csi_tui.tui.widgets.sortable_table import clip

DECISION_WORDS = {
    "adopt": (
        "✔ ADOPT",
        "the results become the new standard: adopt them as the new baseline and open the next "
        "cycle",
    ),
    "continue": (
        "↻ CONTINUE TESTING",
        "not proven yet: keep measuring, extend the cycle or adjust the change",
    ),
    "reject": ("✖ REJECT", "the change is not kept: roll it back and close the register entry"),
}
ACTION_WORDS = {
    "open": "○ open",
    "in_progress": "◐ in progress",
    "done": "✔ done",
    "dropped": "✖ dropped",
}
ACTION_HEADERS = ("id", "action", "owner", "due", "status")
HISTORY_HEADERS = ("cycle", "decision", "outcome", "status", "from", "title")
# id 5, owner 12, due 10, status 17 ("✔ done 2026-05-27"), 2 cells of padding each, scrollbar
ACTION_FIXED_WIDTH = 5 + 12 + 10 + 17 + 5 * 2 + 2
WIDE = 100
COMING = "coming in the editing release: record it in the cycle file meanwhile"


def decision_text(cycle: Cycle | None, workspace: Workspace | None) -> Table | Text:
    """Decision, adoption, register entry and notes as label / value columns: a long rationale
    wraps under its own text, not under the labels."""
    if cycle is None:
        return Text("No cycle is open.", style="italic")
    rows: list[Row] = []
    decision = cycle.decision
    if decision is None:
        rows.append(("Decision", "— none recorded yet (take it on step 6 in the review meeting)"))
    else:
        word, meaning = DECISION_WORDS.get(decision.decision, (decision.decision, ""))
        head = Text()
        head.append(word, style="bold")
        head.append(f" on {decision.date}")
        if decision.decided_by:
            head.append(f" by {decision.decided_by}")
        rows.append(("Decision", head))
        if decision.rationale:
            rows.append(("", Text(" ".join(decision.rationale.split()), style="italic")))
        if meaning:
            rows.append(("", f"→ {meaning}"))
    adoption = cycle.adoption
    if adoption is not None:
        text = f"{adoption.date}" + (f" by {adoption.by}" if adoption.by else "")
        if adoption.baselines:
            text += "; new baselines " + ", ".join(
                f"{k} = {v:g}" for k, v in adoption.baselines.items()
            )
        if adoption.next_cycle:
            text += f"; next cycle {adoption.next_cycle}"
        rows.append(("Adopted", text))
    rows.append(("Register", _register_line(cycle, workspace)))
    if cycle.notes:
        latest = max(cycle.notes, key=lambda n: n.date)
        rows.append(("Notes", f"{len(cycle.notes)} recorded; latest: {latest.date} {latest.text}"))
    return label_grid(rows, label_width=8)


def _register_line(cycle: Cycle, workspace: Workspace | None) -> str:
    register = workspace.register if workspace else None
    entry = register.get(cycle.cycle.register_id) if register and cycle.cycle.register_id else None
    if entry is None:
        if cycle.cycle.register_id:
            return f"— {cycle.cycle.register_id} not in the register"
        return "— this cycle names no register entry (set cycle.register_id)"
    line = f"{entry.id} {entry.description} · state {entry.state.replace('_', ' ')}"
    if entry.closure_code:
        line += f" · closed {entry.closure_code}"
    if entry.outcome:
        line += f" · {entry.outcome}"
    return line


class ImplementScreen(StepScreen):
    STEP = 7
    DEFAULT_CSS = """
    ImplementScreen #decision { height: auto; max-height: 8; padding: 0 1; }
    ImplementScreen #actions { height: 1fr; min-height: 4; border-top: solid $primary; }
    ImplementScreen #history { height: 1fr; min-height: 4; border-top: solid $primary; }
    """
    BINDINGS = [
        Binding("n", "coming('note')", "Note", id="note"),
        Binding("d", "coming('decision')", "Decide", id="decide"),
        Binding("a", "coming('action')", "Action", id="action"),
        Binding("A", "coming('adoption')", "Adopt", id="adopt"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown = ShownCache()
        self._width = 80

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="decision"):
            yield Static(id="decision-text")
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        if self.app_closed:
            return
        self.query_one("#actions", DataTable).add_columns(*ACTION_HEADERS)
        super().on_mount()
        self.query_one("#actions", DataTable).focus()

    def on_resize(self) -> None:
        """Column widths follow the terminal: re-lay the tables when it is resized."""
        if self.app_closed:
            return
        width = self.app.size.width
        if width != self._width:
            self._shown = ShownCache()
            self.show_state(self.csi_app.state)

    def show_state(self, state: AppState) -> None:
        if not self._shown.changed(state.workspace, state.cycle_id):
            return  # e.g. a progress update: nothing this screen shows has changed
        self._width = self.app.size.width
        cycle = state.cycle
        self.query_one("#decision-text", Static).update(decision_text(cycle, state.workspace))
        self._show_actions(cycle)
        self._show_history(state, cycle)

    def _show_actions(self, cycle: Cycle | None) -> None:
        actions: DataTable[str] = self.query_one("#actions", DataTable)
        actions.clear()
        # The action's title takes what the id, owner, due date and status leave (each column has
        # 2 cells of padding; 4 more for the scrollbar), so the status word is never cut at 80.
        title_width = max(16, min(50, self._width - ACTION_FIXED_WIDTH))
        for action in cycle.actions if cycle else ():
            actions.add_row(
                action.id,
                clip(action.title, title_width),
                clip(action.owner, 12),
                str(action.due) if action.due else "—",
                ACTION_WORDS.get(action.status, action.status)
                + (f" {action.done_on}" if action.done_on else ""),
                key=action.id,
            )
        count = len(cycle.actions) if cycle else 0
        actions.border_title = f"Actions · {count}" if count else "Actions · none recorded"

    def _show_history(self, state: AppState, cycle: Cycle | None) -> None:
        history: DataTable[str] = self.query_one("#history", DataTable)
        # Below 100 columns the start date and title give way to what was decided.
        wide = self._width >= WIDE
        headers = HISTORY_HEADERS if wide else HISTORY_HEADERS[:4]
        if tuple(str(c.label) for c in history.columns.values()) != headers:
            history.clear(columns=True)
            history.add_columns(*headers)
        history.clear()
        cycles = state.workspace.history(cycle.cycle.service) if state.workspace and cycle else ()
        for past in cycles:
            decision = past.decision
            word = DECISION_WORDS[decision.decision][0] if decision else "— none"
            mark = "● " if cycle is not None and past.id == cycle.id else "  "
            row = [
                mark + past.id,
                word,
                f"adopted {past.adoption.date}" if past.adoption else "—",
                past.cycle.status,
            ]
            if wide:
                row += [str(past.cycle.start), clip(past.cycle.title, 40)]
            history.add_row(*row, key=past.id)
        service = cycle.cycle.service if cycle else ""
        if not service:
            history.border_title = "History"
        elif len(cycles) <= 1:
            history.border_title = f"History of {service} · no earlier cycles in this workspace"
        else:
            history.border_title = f"History of {service} · ● the open cycle"

    def action_coming(self, what: str) -> None:
        self.notify(f"Adding a {what} is {COMING}.", title="Not yet", timeout=4)
