"""The sample workspace's ``register.toml``: six CSI register entries in every state, two of
them worked on by the sample cycles."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from string import Template

from csi_tui.sample.cycles import CLOSED_CYCLE_ID, OPEN_CYCLE_ID
from csi_tui.sample.toml_blocks import tables, toml_float

REGISTER = Template(
    """\
# The CSI register: every improvement opportunity, whether or not a cycle works on it yet.
# States follow ServiceNow improvement initiatives: new, accepted, approved, in_progress,
# monitor, closed (closed ones say how: successful, withdrawn or unsuccessful).
schema_version = 1

$opportunities"""
)


def _opportunities(before: Mapping[str, float], adopted: Mapping[str, float]) -> str:
    """The register's entries; the closed one quotes what its cycle achieved."""
    was, now = before["first_assignment"], adopted["first_assignment"]
    gain = f"{toml_float(was)}% -> {toml_float(now)}%"
    return tables("opportunities", [
        {"id": "CSI-001", "raised": date(2025, 5, 12),
         "description": "Email incidents bounce between groups before anyone fixes them",
         "service": "Email", "size": "M", "timescale": "6 months", "priority": "high",
         "kpi": "first_assignment_resolution",
         "justification": "Half of Email incidents reassigned at least once; each hand-over adds"
         " hours.",
         "raised_by": "Tom Berger", "actioned_by": "Priya Natarajan", "due": date(2025, 12, 31),
         "state": "closed", "closure_code": "successful",
         "outcome": f"First-assignment resolution {gain}; adopted.", "cycles": [CLOSED_CYCLE_ID]},
        {"id": "CSI-002", "raised": date(2025, 11, 20),
         "description": "Email P1/P2 incidents take half a day to resolve",
         "service": "Email", "size": "L", "timescale": "12 months", "priority": "critical",
         "kpi": "mttr_mean",
         "justification": "Sales and support stop when Email is down; the business wants P1/P2"
         " under 7.5 h.",
         "raised_by": "Head of Sales Operations", "actioned_by": "Priya Natarajan",
         "due": date(2026, 12, 31), "state": "in_progress", "cycles": [OPEN_CYCLE_ID]},
        {"id": "CSI-003", "raised": date(2026, 2, 3),
         "description": "VPN disconnects: let users reset their own token instead of calling",
         "service": "VPN", "size": "S", "timescale": "3 months", "priority": "medium",
         "kpi": "volume",
         "justification": "A fifth of VPN calls are token resets that a self-service page could"
         " handle.",
         "raised_by": "Aisha Khan", "actioned_by": "Network Operations",
         "due": date(2026, 6, 30), "state": "monitor"},
        {"id": "CSI-004", "raised": date(2026, 4, 17),
         "description": "ERP month-end close is slow and raises a burst of P2 incidents",
         "service": "ERP", "size": "XL", "timescale": "9 months", "priority": "high",
         "kpi": "sla_compliance",
         "justification": "Finance loses a day each month end; SLA compliance for ERP drops below"
         " 75%.",
         "raised_by": "Finance Systems Manager", "state": "approved"},
        {"id": "CSI-005", "raised": date(2025, 8, 6),
         "description": "Move Telephony first-line support to the vendor",
         "service": "Telephony", "size": "M", "timescale": "6 months", "priority": "low",
         "kpi": "first_assignment_resolution", "raised_by": "Unified Communications",
         "state": "closed", "closure_code": "withdrawn",
         "outcome": "Withdrawn: Telephony moves to Teams Voice in 2027, so the contract will"
         " change anyway."},
        {"id": "CSI-006", "raised": date(2026, 10, 29),
         "description": "HR Portal incidents opened by e-mail lack the details to act on",
         "service": "HR Portal", "size": "S", "timescale": "2 months", "priority": "medium",
         "kpi": "first_assignment_resolution",
         "justification": "Service Desk calls the user back on most e-mailed HR Portal tickets.",
         "raised_by": "Service Desk team lead", "state": "new"},
    ])  # fmt: skip


def register_toml(before: Mapping[str, float], adopted: Mapping[str, float]) -> str:
    return REGISTER.substitute(opportunities=_opportunities(before, adopted))
