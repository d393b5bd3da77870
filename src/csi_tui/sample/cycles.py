"""The sample workspace's cycle files and register, as a person would write them (with comments).

Text templates rather than serialised dataclasses, so the comments a new user reads first survive.
The repeated tables (metrics, meeting records, register entries) are written from data by
``toml_blocks`` in the same layout; a metric both cycles measure is defined once (``_SHARED``).
The figures quoted as baselines come from ``baselines.email_figures`` over the generated data, so
the files and the data always agree whatever the seed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from string import Template

from csi_tui.sample.toml_blocks import Value, table, tables

CLOSED_CYCLE_ID = "email-2025-first-fix"
OPEN_CYCLE_ID = "email-2026-p1p2-mttr"

# The incidents source, shared by both cycles (written once, used twice).
_INCIDENTS_SOURCE = """\
[[sources]]
id = "incidents"
description = "ServiceNow incident list export (all services), one row per incident"
path = "../data/incidents.csv"
kind = "tickets"
# The preset knows ServiceNow's field names; the explicit mapping below says it again so anyone
# reading this file sees where every canonical column comes from.
preset = "servicenow"
datetime_format = "%Y-%m-%d %H:%M:%S"  # how the CSV export writes dates (no zone: UTC, below)
# ServiceNow's escalation field is a word, not a flag: anything above Normal counts as escalated.
true_values = ["Moderate", "High", "Overdue"]
false_values = ["Normal"]
# Only Email incidents, and not the ones cancelled as raised in error (both counted as dropped).
filter = "business_service = 'Email' AND state <> 'Canceled'"

[sources.columns]
ticket_id = "number"
opened_at = "opened_at"
resolved_at = "resolved_at"
closed_at = "closed_at"
priority = "priority"
state = "state"
assignment_group = "assignment_group"
category = "category"
service = "business_service"
reopen_count = "reopen_count"
reassignment_count = "reassignment_count"
made_sla = "made_sla"
escalated = "escalation"

# A major incident is one whose major-incident proposal was accepted; empty means never proposed.
[[sources.derived]]
name = "major"
sql = "COALESCE(major_incident_state = 'accepted', FALSE)"
"""

_OUTAGES_SOURCE = """\
[[sources]]
id = "outages"
description = "ServiceNow outage records (cmdb_ci_outage), one row per outage window"
path = "../data/outages.csv"
kind = "outages"
datetime_format = "%Y-%m-%d %H:%M:%S"
# Degradations and planned maintenance do not count against availability.
filter = "type = 'outage'"

[sources.columns]
start = "begin"
end = "end"
component = "cmdb_ci"
service = "business_service"
"""

_SATISFACTION_SOURCE = """\
[[sources]]
id = "satisfaction"
description = "Monthly customer-satisfaction survey: mean score 1-5 per service"
path = "../data/satisfaction.csv"
kind = "periodic"

[sources.columns]
period = "month"
value = "csat_score"
service = "business_service"
"""

_CLOSED = Template(
    """\
# A closed cycle: the Email first-time-fix improvement of 2025.
# New triage rules and a knowledge base at the Service Desk went live on 1 September 2025, so fewer
# Email incidents bounce between groups. The review adopted the result as the new baseline.
schema_version = 1

[cycle]
id = "$closed_id"
title = "First-time fix for Email incidents"
service = "Email"
owner = "Priya Natarajan"
status = "closed"
grain = "month"
# From March, so the six months before the change give the control limits something to stand on.
start = 2025-03-01
end = 2025-12-31
timezone = "UTC"  # the export was taken by an integration user whose zone is UTC
register_id = "CSI-001"
description = "Route Email incidents to the right group first time: triage rules + knowledge base."

# ------------------------------------------------------------------ step 1: strategy
[strategy]
vision = "Email problems are fixed by the first person who picks them up."
business_need = \"\"\"
Almost half of all Email incidents were reassigned at least once in 2025. Every hand-over added a
third to the resolution time and users told the survey they had to explain themselves twice.\"\"\"
objectives = [
    "Resolve at least 70% of Email incidents without reassignment by December 2025",
    "Do not slow down P1/P2 resolution while the Service Desk takes on more",
]

[[strategy.csfs]]
id = "right-first-time"
name = "Incidents reach the right group first time"

[[strategy.csfs]]
id = "fast-enough"
name = "P1/P2 resolution does not suffer"

# ------------------------------------------------------------------ step 3: data
$incidents
$outages
# ------------------------------------------------------------------ step 2: measures
# Baselines: March to August 2025, measured from the export before the change went live.
$metrics
# ------------------------------------------------------------------ step 5: analysis
[analysis]
change_date = 2025-09-01
baseline_start = 2025-03-01
baseline_end = 2025-08-31

# ------------------------------------------------------------------ meetings (steps 6, 7)
$meetings
# Step 7: what we measured from September to December 2025 becomes the baseline from now on.
[adoption]
date = 2026-01-14
by = "Priya Natarajan"
next_cycle = "$open_id"

[adoption.baselines]
first_assignment = $a_first_assignment
mttr_p1p2 = $a_mttr_p1p2
sla_compliance = $a_sla_compliance
reopen_rate = $a_reopen_rate
availability = $a_availability
"""
)

_OPEN = Template(
    """\
# The open cycle: faster resolution of Email P1/P2 incidents.
# On 1 June 2026 the Messaging team started swarming P1/P2 incidents (one channel, the runbook
# on screen, no queue hand-overs). The cycle is under review: is the change real, do we adopt it?
schema_version = 1

[cycle]
id = "$open_id"
title = "Faster P1/P2 resolution"
service = "Email"
owner = "Priya Natarajan"
status = "review"
grain = "month"
start = 2026-01-01
end = 2026-12-31
timezone = "UTC"  # the export was taken by an integration user whose zone is UTC
previous = "$closed_id"
register_id = "CSI-002"
description = "Swarming on Email P1/P2 incidents instead of tiered queues."

# ------------------------------------------------------------------ step 1: strategy
[strategy]
vision = "When Email breaks for many people, it is back within a working morning."
business_need = \"\"\"
An Email P1 stops sales and support talking to customers. In 2025 P1/P2 incidents took half
a day on average and the worst ones ran over two days. The business asked for a mean under 7.5 hours
without hurting quality.\"\"\"
objectives = [
    "Mean time to resolve Email P1/P2 incidents under 7.5 hours by December 2026",
    "SLA compliance of 90% for Email incidents",
    "No more reopened tickets than before (guardrail)",
]

[[strategy.csfs]]
id = "fast-restore"
name = "Major Email failures are restored quickly"
description = "Swarming: the right people on the incident at once, not in turn."

[[strategy.csfs]]
id = "quality-fix"
name = "Fixes hold"
description = "Speed must not come from closing tickets early."

[[strategy.csfs]]
id = "happy-users"
name = "Users are satisfied with the Email service"

# ------------------------------------------------------------------ step 3: data
$incidents
$outages
$satisfaction
# ------------------------------------------------------------------ step 2: measures
# Baselines: adopted by the previous cycle (September to December 2025) where it measured the
# metric; the others were measured over the same months when this cycle was set up.
$metrics
# ------------------------------------------------------------------ step 5: analysis
[analysis]
change_date = 2026-06-01
# Control limits from the months before swarming started.
baseline_start = 2026-01-01
baseline_end = 2026-05-31
recalculate_at_change = true
min_points = 5  # five complete months each side is what a year-long monthly cycle gives us

# ------------------------------------------------------------------ meetings (steps 6, 7)
$meetings"""
)

REGISTER = Template(
    """\
# The CSI register: every improvement opportunity, whether or not a cycle works on it yet.
# States follow ServiceNow improvement initiatives: new, accepted, approved, in_progress,
# monitor, closed (closed ones say how: successful, withdrawn or unsuccessful).
schema_version = 1

$opportunities"""
)


# Metric tables: the keys in the order the cycle files list them. A metric both cycles measure
# shares its definition (_SHARED); each cycle adds its own csf, figures and notes.
_METRIC_KEYS = (
    "id", "name", "source", "type", "csf", "kpi", "filter", "unit", "direction", "baseline",
    "target", "amber", "target_date", "guardrails", "breakdowns", "top_n", "description",
)  # fmt: skip
_P1P2 = "priority IN ('1 - Critical', '2 - High')"
_SHARED: dict[str, dict[str, Value]] = {
    "first_assignment": {
        "name": "First-assignment resolution", "source": "incidents", "type": "process",
        "kpi": "first_assignment_resolution", "unit": "%", "direction": "higher",
    },
    "mttr_p1p2": {
        "name": "MTTR P1/P2", "source": "incidents", "type": "service", "kpi": "mttr_mean",
        "filter": _P1P2, "unit": "h", "direction": "lower",
    },
    "sla_compliance": {
        "name": "SLA met", "source": "incidents", "type": "service", "kpi": "sla_compliance",
        "unit": "%", "direction": "higher",
    },
    "reopen_rate": {
        "name": "Reopen rate", "source": "incidents", "type": "process", "kpi": "reopen_rate",
        "unit": "%", "direction": "lower",
    },
    "availability": {
        "name": "Email availability", "source": "outages", "type": "technology",
        "kpi": "availability", "filter": "business_service = 'Email'", "unit": "%",
        "direction": "higher",
    },
}  # fmt: skip


def _metric(metric_id: str, comments: Mapping[str, str] | None = None, **fields: Value) -> str:
    merged = {"id": metric_id, **_SHARED.get(metric_id, {}), **fields}
    assert set(merged) <= set(_METRIC_KEYS), set(merged) - set(_METRIC_KEYS)
    return table("metrics", {key: merged.get(key) for key in _METRIC_KEYS}, comments)


def _closed_metrics(before: Mapping[str, float]) -> str:
    return "\n".join([
        _metric(
            "first_assignment", csf="right-first-time", baseline=before["first_assignment"],
            target=70.0, amber=65.0, target_date=date(2025, 12, 31),
            guardrails=["mttr_p1p2", "reopen_rate", "escalation_rate"],
            breakdowns=["assignment_group"], top_n=5,
        ),
        _metric("mttr_p1p2", csf="fast-enough", baseline=before["mttr_p1p2"]),
        _metric(
            "sla_compliance", type=None, baseline=before["sla_compliance"], target=85.0,
            amber=80.0,
        ),
        _metric(
            "reopen_rate", baseline=before["reopen_rate"],
            description="Guardrail: quicker routing must not mean tickets closed too early.",
        ),
        _metric(
            "escalation_rate", name="Escalated incidents", source="incidents", type="process",
            kpi="escalation_rate", unit="%", direction="lower",
            baseline=before["escalation_rate"],
            description="Guardrail: the Service Desk keeping more tickets must not mean more"
            " escalations.",
        ),
        _metric("availability", baseline=before["availability"], target=99.9, amber=99.8),
    ])  # fmt: skip


def _open_metrics(setup: Mapping[str, float], adopted: Mapping[str, float]) -> str:
    return "\n".join([
        _metric(
            "mttr_p1p2", csf="fast-restore", baseline=adopted["mttr_p1p2"], target=7.5,
            amber=9.0, target_date=date(2026, 12, 31), guardrails=["reopen_rate", "backlog"],
            breakdowns=["priority", "assignment_group"], top_n=5,
            description="Calendar hours from opened to resolved, Email P1/P2 incidents resolved"
            " in the month.",
        ),
        _metric(
            "mttr_p1p2_median", name="Median TTR P1/P2", source="incidents", type="service",
            csf="fast-restore", kpi="mttr_median", filter=_P1P2, unit="h", direction="lower",
            baseline=setup["mttr_p1p2_median"], target=5.0, amber=6.5,
            description="Less swayed than the mean by the odd incident that waits days for a"
            " vendor.",
        ),
        _metric(
            "sla_compliance", csf="fast-restore", baseline=adopted["sla_compliance"],
            target=90.0, amber=85.0, breakdowns=["priority"],
        ),
        _metric(
            "reopen_rate", csf="quality-fix", baseline=adopted["reopen_rate"],
            description="Guardrail of MTTR: faster must not mean closed too early.",
            comments={"baseline": "a guardrail, no target of its own: it must not rise above this"},
        ),
        _metric(
            "first_assignment", csf="quality-fix", baseline=adopted["first_assignment"],
            target=78.0, amber=74.0, breakdowns=["assignment_group"], top_n=4,
        ),
        _metric(
            "backlog", name="Open incidents at month end", source="incidents", type="process",
            kpi="backlog", unit="tickets", direction="lower", baseline=setup["backlog"],
            description="A guardrail, no target: the queue must not grow while people swarm on"
            " P1/P2.",
        ),
        _metric(
            "volume", name="Incidents opened", source="incidents", type="process", kpi="volume",
            unit="tickets", direction="lower", baseline=setup["volume"], breakdowns=["category"],
            top_n=4,
            description="Context, not a goal: a busier month makes every other number harder.",
        ),
        _metric(
            "availability", csf="fast-restore", baseline=adopted["availability"], target=99.9,
            amber=99.8,
        ),
        _metric(
            "csat", name="Satisfaction score", source="satisfaction", type="service",
            csf="happy-users", kpi="value", filter="business_service = 'Email'", unit="points",
            direction="higher", baseline=setup["csat"], target=4.1, amber=4.0,
        ),
    ])  # fmt: skip


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


_CLOSED_MEETINGS = _meetings(
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

_OPEN_MEETINGS = _meetings(
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


def _opportunities(before: Mapping[str, float], adopted: Mapping[str, float]) -> str:
    """The register's entries; the closed one quotes what its cycle achieved."""
    gain = f"{_number(before['first_assignment'])}% -> {_number(adopted['first_assignment'])}%"
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


def _number(value: float) -> str:
    """A TOML float, written the way a person would (no trailing noise)."""
    return repr(float(value))


def _values(before: Mapping[str, float], adopted: Mapping[str, float]) -> dict[str, str]:
    values = {"closed_id": CLOSED_CYCLE_ID, "open_id": OPEN_CYCLE_ID}
    values |= {f"b_{k}": _number(v) for k, v in before.items()}
    values |= {f"a_{k}": _number(v) for k, v in adopted.items()}
    values |= {"incidents": _INCIDENTS_SOURCE, "outages": _OUTAGES_SOURCE}
    values["satisfaction"] = _SATISFACTION_SOURCE
    return values


def closed_cycle_toml(before: Mapping[str, float], adopted: Mapping[str, float]) -> str:
    """The closed cycle; ``before`` is its own baseline window, ``adopted`` what it achieved."""
    values = _values(before, adopted)
    values |= {"metrics": _closed_metrics(before), "meetings": _CLOSED_MEETINGS}
    return _CLOSED.substitute(values)


def open_cycle_toml(setup: Mapping[str, float], adopted: Mapping[str, float]) -> str:
    """The open cycle; ``adopted`` from the closed cycle, ``setup`` the same months for the rest."""
    values = _values(setup, adopted)
    values |= {"metrics": _open_metrics(setup, adopted), "meetings": _OPEN_MEETINGS}
    return _OPEN.substitute(values)


def register_toml(before: Mapping[str, float], adopted: Mapping[str, float]) -> str:
    return REGISTER.substitute(opportunities=_opportunities(before, adopted))
