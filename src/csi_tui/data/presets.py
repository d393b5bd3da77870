"""Column-mapping presets: canonical column name -> column name in a standard export.

A preset maps only the columns that exist in the file; ``Source.columns`` overrides any entry.
Documented in ``docs/sources.md``.
"""

from __future__ import annotations

from collections.abc import Mapping

PRESETS: Mapping[str, Mapping[str, str]] = {
    # ServiceNow incident list export (CSV / Excel with field names as headers).
    "servicenow": {
        "ticket_id": "number",
        "opened_at": "opened_at",
        "resolved_at": "resolved_at",
        "closed_at": "closed_at",
        "priority": "priority",
        "state": "state",
        "assignment_group": "assignment_group",
        "category": "category",
        "service": "business_service",
        "reopen_count": "reopen_count",
        "reassignment_count": "reassignment_count",
        "made_sla": "made_sla",
        "escalated": "escalation",
        "major": "major_incident",
    },
    # Jira Service Management issue export (CSV with display names as headers).
    "jira": {
        "ticket_id": "Issue key",
        "opened_at": "Created",
        "resolved_at": "Resolved",
        "priority": "Priority",
        "state": "Status",
        "assignment_group": "Assignee",
        "category": "Issue Type",
        "service": "Component/s",
    },
    # Anything already using (or close to) the canonical names.
    "generic": {
        "ticket_id": "id",
        "opened_at": "opened",
        "resolved_at": "resolved",
        "closed_at": "closed",
        "priority": "priority",
        "state": "status",
        "assignment_group": "group",
        "category": "category",
        "service": "service",
    },
}


def preset_mapping(name: str | None) -> Mapping[str, str]:
    if name is None:
        return {}
    return PRESETS.get(name.lower(), {})
