"""How a cycle ended, in words for the report: continued (end moved), adopted (the new baselines,
the next cycle, any override) or closed; what people who were not in the room need to know."""

from __future__ import annotations

from dataclasses import dataclass

from csi_tui.analysis import fmt
from csi_tui.analysis.adoption import METHOD_WORDS
from csi_tui.cycle.model import Cycle

RESULT_WORDS = {
    "successful": "successful (adopted)",
    "unsuccessful": "unsuccessful (rejected)",
    "withdrawn": "withdrawn",
}


@dataclass(frozen=True)
class Closing:
    """What happened to the cycle after its review; empty while it is still open."""

    lines: tuple[str, ...]  # sentences, in the order things happened
    baselines: tuple[tuple[str, str, str], ...]  # adopted: (metric, baseline before, adopted)

    def __bool__(self) -> bool:
        return bool(self.lines or self.baselines)


def _by(name: str) -> str:
    return f" by {name}" if name else ""


def _reason(text: str) -> str:
    text = " ".join(text.split())
    return f": {text}" if text else ""


def closing(cycle: Cycle) -> Closing:
    lines: list[str] = []
    for ext in sorted(cycle.extensions, key=lambda e: e.date):
        lines.append(
            f"Testing continued on {ext.date.isoformat()}{_by(ext.by)}: the end moved from "
            f"{ext.previous_end.isoformat()} to {ext.new_end.isoformat()}{_reason(ext.reason)}."
        )
    adoption = cycle.adoption
    rows: list[tuple[str, str, str]] = []
    if adoption is not None:
        method = METHOD_WORDS.get(adoption.method or "", "")
        how = f" ({method})" if method else ""
        nxt = f"; the next cycle is {adoption.next_cycle}" if adoption.next_cycle else ""
        lines.append(
            f"Adopted as the new standard baseline on {adoption.date.isoformat()}"
            f"{_by(adoption.by)}{how}{nxt}."
        )
        if adoption.override:
            lines.append(f"Adopted although short of a target{_reason(adoption.override)}.")
        by_id = {m.id: m for m in cycle.metrics}
        for metric_id, value in adoption.baselines.items():
            metric = by_id.get(metric_id)
            name, unit = (metric.name, metric.unit) if metric else (metric_id, "")
            before = metric.baseline if metric else None
            rows.append((name, fmt.value(before, unit), fmt.value(value, unit)))
    outcome = cycle.outcome
    if outcome is not None:
        result = RESULT_WORDS.get(outcome.result, outcome.result)
        # An adoption's closing reason repeats the adoption said above.
        reason = "" if adoption is not None else _reason(outcome.reason)
        lines.append(f"Closed on {outcome.date.isoformat()}{_by(outcome.by)} as {result}{reason}.")
    return Closing(tuple(lines), tuple(rows))
