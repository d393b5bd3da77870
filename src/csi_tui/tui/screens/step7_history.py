"""The rows of step 7's history table: the service's cycles with decision, outcome and, for the
selected metric, baseline -> result -> adopted baseline (from ``cycle/history.py``)."""

from __future__ import annotations

from csi_tui.analysis import fmt
from csi_tui.cycle.history import CycleStep, ServiceHistory
from csi_tui.tui.widgets.sortable_table import clip

DECISION_SHORT = {"adopt": "✔ ADOPT", "continue": "↻ CONTINUE", "reject": "✖ REJECT"}
OUTCOME_WORDS = {
    "successful": "✔ successful",
    "unsuccessful": "✖ unsuccessful",
    "withdrawn": "– withdrawn",
}
NARROW_HEADERS = ("cycle", "decision", "outcome")
WIDE_HEADERS = ("cycle", "decision", "outcome", "status", "from")


def metric_cell(step: CycleStep, metric_id: str | None) -> str:
    """``12.1 → 6.6 → 6.6 h``; ``not measured`` when the cycle has no such metric."""
    found = step.metric(metric_id) if metric_id else None
    if found is None:
        return "not measured"
    unit = f" {found.unit}" if found.unit else ""
    baseline, result, adopted = (
        fmt.number(v, found.unit, "compact") for v in (found.baseline, found.result, found.adopted)
    )
    return f"{baseline} → {result} → {adopted}{unit}"


def history_rows(
    history: ServiceHistory, open_id: str | None, metric_id: str | None, wide: bool
) -> list[tuple[str, list[str]]]:
    rows = []
    for step in history.cycles:
        mark = "● " if step.cycle_id == open_id else "  "
        outcome = OUTCOME_WORDS.get(step.outcome, "—") if step.outcome else "— open"
        if wide and step.outcome_date:
            outcome += f" {step.outcome_date}"
        decision = DECISION_SHORT.get(step.decision, "— none") if step.decision else "— none"
        row = [clip(mark + step.cycle_id, 24 if not wide else 32), decision, outcome]
        if wide:
            row += [step.status, str(step.start)]
        row.append(metric_cell(step, metric_id))
        rows.append((step.cycle_id, row))
    return rows
