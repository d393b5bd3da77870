"""Step 7: Implement. The decision and its consequences, actions, the register entry, history."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from csi_tui.cycle.model import Cycle, Workspace
from csi_tui.tui.screens.base import StepScreen
from csi_tui.tui.screens.shown import ShownCache
from csi_tui.tui.state import AppState
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
COMING = "coming in the editing release: record it in the cycle file meanwhile"


def decision_text(cycle: Cycle | None, workspace: Workspace | None) -> Text:
    text = Text()
    if cycle is None:
        return Text("No cycle is open.", style="italic")
    decision = cycle.decision
    if decision is None:
        text.append("Decision  ", style="bold")
        text.append("— none recorded yet (take it on step 6 in the review meeting)\n")
    else:
        word, meaning = DECISION_WORDS.get(decision.decision, (decision.decision, ""))
        text.append("Decision  ", style="bold")
        text.append(f"{word}", style="bold")
        text.append(f" on {decision.date}")
        if decision.decided_by:
            text.append(f" by {decision.decided_by}")
        text.append("\n")
        if decision.rationale:
            text.append(f"          {decision.rationale}\n", style="italic")
        text.append(f"          → {meaning}\n")
    adoption = cycle.adoption
    if adoption is not None:
        text.append("Adopted   ", style="bold")
        text.append(f"{adoption.date}" + (f" by {adoption.by}" if adoption.by else ""))
        if adoption.baselines:
            text.append(
                "; new baselines "
                + ", ".join(f"{k} = {v:g}" for k, v in adoption.baselines.items())
            )
        if adoption.next_cycle:
            text.append(f"; next cycle {adoption.next_cycle}")
        text.append("\n")
    text.append("Register  ", style="bold")
    register = workspace.register if workspace else None
    entry = register.get(cycle.cycle.register_id) if register and cycle.cycle.register_id else None
    if entry is None:
        text.append(
            f"— {cycle.cycle.register_id} not in the register"
            if cycle.cycle.register_id
            else "— this cycle names no register entry (set cycle.register_id)"
        )
    else:
        text.append(f"{entry.id} {entry.description} · state {entry.state.replace('_', ' ')}")
        if entry.closure_code:
            text.append(f" · closed {entry.closure_code}")
        if entry.outcome:
            text.append(f" · {entry.outcome}")
    if cycle.notes:
        text.append(f"\nNotes     {len(cycle.notes)} recorded; latest: ", style="bold")
        latest = max(cycle.notes, key=lambda n: n.date)
        text.append(f"{latest.date} {latest.text}")
    return text


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

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="decision"):
            yield Static(id="decision-text")
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#actions", DataTable).add_columns(*ACTION_HEADERS)
        self.query_one("#history", DataTable).add_columns(*HISTORY_HEADERS)
        super().on_mount()
        self.query_one("#actions", DataTable).focus()

    def show_state(self, state: AppState) -> None:
        if not self._shown.changed(state.workspace, state.cycle_id):
            return  # e.g. a progress update: nothing this screen shows has changed
        cycle = state.cycle
        self.query_one("#decision-text", Static).update(decision_text(cycle, state.workspace))
        actions: DataTable[str] = self.query_one("#actions", DataTable)
        actions.clear()
        for action in cycle.actions if cycle else ():
            actions.add_row(
                action.id,
                clip(action.title, 34),
                clip(action.owner, 12),
                str(action.due) if action.due else "—",
                ACTION_WORDS.get(action.status, action.status)
                + (f" {action.done_on}" if action.done_on else ""),
                key=action.id,
            )
        count = len(cycle.actions) if cycle else 0
        actions.border_title = f"Actions · {count}" if count else "Actions · none recorded"
        history: DataTable[str] = self.query_one("#history", DataTable)
        history.clear()
        cycles = state.workspace.history(cycle.cycle.service) if state.workspace and cycle else ()
        for past in cycles:
            decision = past.decision
            word = DECISION_WORDS[decision.decision][0] if decision else "— none"
            mark = "● " if cycle is not None and past.id == cycle.id else "  "
            history.add_row(
                mark + past.id,
                word,
                f"adopted {past.adoption.date}" if past.adoption else "—",
                past.cycle.status,
                str(past.cycle.start),
                clip(past.cycle.title, 30),
                key=past.id,
            )
        service = cycle.cycle.service if cycle else ""
        history.border_title = f"History of {service}" if service else "History"

    def action_coming(self, what: str) -> None:
        self.notify(f"Adding a {what} is {COMING}.", title="Not yet", timeout=4)
