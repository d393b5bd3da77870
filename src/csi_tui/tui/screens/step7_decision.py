"""Step 7's decision panel: the decision and what follows from it, the adoption, the outcome,
extensions, the register entry and the notes, as label / value rows."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from csi_tui.cycle.model import Cycle, Workspace
from csi_tui.report import decision_words
from csi_tui.tui.widgets.label_grid import Row, label_grid

OUTCOME_LINES = {
    "successful": "✔ SUCCESSFUL",
    "unsuccessful": "✖ UNSUCCESSFUL",
    "withdrawn": "– WITHDRAWN",
}


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
        meaning = decision_words.CONSEQUENCES.get(decision.decision, "")
        head = Text()
        head.append(decision_words.badge(decision.decision), style="bold")
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
    if cycle.outcome is not None:
        outcome = cycle.outcome
        word = OUTCOME_LINES.get(outcome.result, outcome.result)
        reason = f" · {' '.join(outcome.reason.split())}" if outcome.reason else ""
        rows.append(("Outcome", f"{word} on {outcome.date}{reason}"))
    for extension in cycle.extensions:
        reason = f": {extension.reason}" if extension.reason else ""
        rows.append(
            (
                "Extended",
                f"{extension.date} end {extension.previous_end} → {extension.new_end}{reason}",
            )
        )
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
