"""What the sample cycles' review meetings recorded (steps 6 and 7): notes, decisions, actions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from csi_tui.sample.toml_blocks import Value, tables


def _meetings(
    notes: Sequence[Mapping[str, Value]],
    decisions: Sequence[Mapping[str, Value]],
    actions: Sequence[Mapping[str, Value]],
) -> str:
    """Steps 6 and 7 records: notes, then decisions, then actions."""
    return "\n".join(
        tables(header, rows)
        for header, rows in (("notes", notes), ("decisions", decisions), ("actions", actions))
        if rows
    )


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

OPEN_MEETINGS = _meetings(
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
