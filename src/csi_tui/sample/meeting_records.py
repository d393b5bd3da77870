"""What the sample cycles' review meetings recorded (steps 6 and 7): notes, decisions, actions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from csi_tui.sample.toml_blocks import Value, tables


def _meetings(
    notes: Sequence[Mapping[str, Value]],
    decisions: Sequence[Mapping[str, Value]],
    actions: Sequence[Mapping[str, Value]],
    agenda: Sequence[Mapping[str, Value]] = (),
) -> str:
    """Steps 6 and 7 records: the next meeting's agenda, notes, then decisions, then actions."""
    blocks = (("agenda", agenda), ("notes", notes), ("decisions", decisions), ("actions", actions))
    return "\n".join(tables(header, rows) for header, rows in blocks if rows)


CLOSED_MEETINGS = _meetings(
    notes=[
        {"date": date(2025, 10, 8), "step": 4, "author": "Tom Berger",
         "text": "Service Desk now keeps three in four Email tickets; Messaging sees fewer, harder"
         " ones."},
        {"date": date(2026, 1, 14), "step": 6, "author": "Priya Natarajan",
         "text": "Above 70% every month since September; P1/P2 did not suffer and reopens are"
         " flat."},
    ],
    decisions=[
        {"date": date(2026, 1, 14), "decision": "adopt",
         "rationale": "First-assignment resolution above 70% for four months running, no"
         " guardrail worsened.",
         "decided_by": "Email service review board"},
    ],
    actions=[
        {"id": "A-101", "title": "Publish the Email triage rules in the knowledge base",
         "owner": "Tom Berger", "due": date(2025, 8, 29), "status": "done",
         "done_on": date(2025, 8, 28)},
        {"id": "A-102", "title": "Train all Service Desk shifts on the new rules",
         "owner": "Aisha Khan", "due": date(2025, 9, 15), "status": "done",
         "done_on": date(2025, 9, 12)},
        {"id": "A-103", "title": "Open a cycle on P1/P2 resolution time",
         "owner": "Priya Natarajan", "due": date(2026, 1, 31), "status": "done",
         "done_on": date(2026, 1, 20)},
    ],
)  # fmt: skip

# The December review of the open cycle, an hour: most of it on whether swarming worked and on
# what to do next (meeting mode shows each item's time left).
OPEN_AGENDA: list[Mapping[str, Value]] = [
    {"step": 1, "minutes": 5, "topic": "Is 7.5 hours still the goal the business needs?"},
    {"step": 2, "minutes": 5},
    {"step": 3, "minutes": 5, "topic": "November is not over: judge on complete months"},
    {"step": 4, "minutes": 10},
    {"step": 5, "minutes": 15, "topic": "Did swarming bring MTTR under 7.5 h, reopens flat?"},
    {"step": 6, "minutes": 10, "topic": "The scorecard for the service board"},
    {"step": 7, "minutes": 10, "topic": "Adopt, continue or reject; the actions"},
]

OPEN_MEETINGS = _meetings(
    agenda=OPEN_AGENDA,
    notes=[
        {"date": date(2026, 7, 9), "step": 4, "author": "Tom Berger",
         "text": "First full month of swarming: P1/P2 mean well down; two P2s waited on Microsoft"
         " support."},
        {"date": date(2026, 9, 10), "step": 5, "author": "Priya Natarajan",
         "text": "Too early to call after three months; keep going and look again with October's"
         " data."},
        {"date": date(2026, 11, 24), "step": 3, "author": "Aisha Khan",
         "text": "November is not over and a few tickets are still open; judge on the complete"
         " months."},
    ],
    decisions=[
        {"date": date(2026, 9, 10), "decision": "continue",
         "rationale": "Clear drop in MTTR but only three months after the change; SLA still below"
         " target.",
         "decided_by": "Email service review board"},
    ],
    actions=[
        {"id": "A-201", "title": "Write the swarming runbook for Email P1/P2",
         "owner": "Tom Berger", "due": date(2026, 5, 29), "status": "done",
         "done_on": date(2026, 5, 27)},
        {"id": "A-202", "title": "Check whether reopens rise among swarmed tickets",
         "owner": "Aisha Khan", "due": date(2026, 12, 4), "status": "in_progress"},
        {"id": "A-203", "title": "Ask Microsoft for a named engineer on Exchange Online P1s",
         "owner": "Priya Natarajan", "due": date(2026, 12, 18), "status": "open"},
        {"id": "A-204", "title": "Prepare the adopt / continue proposal for the December review",
         "owner": "Priya Natarajan", "due": date(2026, 12, 10), "status": "open"},
    ],
)  # fmt: skip
