"""The sample workspace's cycle files and register, as a person would write them (with comments).

Text templates rather than serialised dataclasses, so the comments a new user reads first survive.
The figures quoted as baselines come from ``baselines.email_figures`` over the generated data, so
the files and the data always agree whatever the seed.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Template

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
[[metrics]]
id = "first_assignment"
name = "First-assignment resolution"
source = "incidents"
type = "process"
csf = "right-first-time"
kpi = "first_assignment_resolution"
unit = "%"
direction = "higher"
baseline = $b_first_assignment
target = 70.0
amber = 65.0
target_date = 2025-12-31
guardrails = ["mttr_p1p2", "reopen_rate", "escalation_rate"]
breakdowns = ["assignment_group"]
top_n = 5

[[metrics]]
id = "mttr_p1p2"
name = "MTTR P1/P2"
source = "incidents"
type = "service"
csf = "fast-enough"
kpi = "mttr_mean"
filter = "priority IN ('1 - Critical', '2 - High')"
unit = "h"
direction = "lower"
baseline = $b_mttr_p1p2

[[metrics]]
id = "sla_compliance"
name = "SLA met"
source = "incidents"
kpi = "sla_compliance"
unit = "%"
direction = "higher"
baseline = $b_sla_compliance
target = 85.0
amber = 80.0

[[metrics]]
id = "reopen_rate"
name = "Reopen rate"
source = "incidents"
type = "process"
kpi = "reopen_rate"
unit = "%"
direction = "lower"
baseline = $b_reopen_rate
description = "Guardrail: quicker routing must not mean tickets closed too early."

[[metrics]]
id = "escalation_rate"
name = "Escalated incidents"
source = "incidents"
type = "process"
kpi = "escalation_rate"
unit = "%"
direction = "lower"
baseline = $b_escalation_rate
description = "Guardrail: the Service Desk keeping more tickets must not mean more escalations."

[[metrics]]
id = "availability"
name = "Email availability"
source = "outages"
type = "technology"
kpi = "availability"
filter = "business_service = 'Email'"
unit = "%"
direction = "higher"
baseline = $b_availability
target = 99.9
amber = 99.8

# ------------------------------------------------------------------ step 5: analysis
[analysis]
change_date = 2025-09-01
baseline_start = 2025-03-01
baseline_end = 2025-08-31

# ------------------------------------------------------------------ meetings (steps 6, 7)
[[notes]]
date = 2025-10-08
step = 4
author = "Tom Berger"
text = "Service Desk now keeps three in four Email tickets; Messaging sees fewer, harder ones."

[[notes]]
date = 2026-01-14
step = 6
author = "Priya Natarajan"
text = "Above 70% every month since September; P1/P2 did not suffer and reopens are flat."

[[decisions]]
date = 2026-01-14
decision = "adopt"
rationale = "First-assignment resolution above 70% for four months running, no guardrail worsened."
decided_by = "Email service review board"

[[actions]]
id = "A-101"
title = "Publish the Email triage rules in the knowledge base"
owner = "Tom Berger"
due = 2025-08-29
status = "done"
done_on = 2025-08-28

[[actions]]
id = "A-102"
title = "Train all Service Desk shifts on the new rules"
owner = "Aisha Khan"
due = 2025-09-15
status = "done"
done_on = 2025-09-12

[[actions]]
id = "A-103"
title = "Open a cycle on P1/P2 resolution time"
owner = "Priya Natarajan"
due = 2026-01-31
status = "done"
done_on = 2026-01-20

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
[[metrics]]
id = "mttr_p1p2"
name = "MTTR P1/P2"
source = "incidents"
type = "service"
csf = "fast-restore"
kpi = "mttr_mean"
filter = "priority IN ('1 - Critical', '2 - High')"
unit = "h"
direction = "lower"
baseline = $a_mttr_p1p2
target = 7.5
amber = 9.0
target_date = 2026-12-31
guardrails = ["reopen_rate", "backlog"]
breakdowns = ["priority", "assignment_group"]
top_n = 5
description = "Calendar hours from opened to resolved, Email P1/P2 incidents resolved in the month."

[[metrics]]
id = "mttr_p1p2_median"
name = "Median TTR P1/P2"
source = "incidents"
type = "service"
csf = "fast-restore"
kpi = "mttr_median"
filter = "priority IN ('1 - Critical', '2 - High')"
unit = "h"
direction = "lower"
baseline = $b_mttr_p1p2_median
target = 5.0
amber = 6.5
description = "Less swayed than the mean by the odd incident that waits days for a vendor."

[[metrics]]
id = "sla_compliance"
name = "SLA met"
source = "incidents"
type = "service"
csf = "fast-restore"
kpi = "sla_compliance"
unit = "%"
direction = "higher"
baseline = $a_sla_compliance
target = 90.0
amber = 85.0
breakdowns = ["priority"]

[[metrics]]
id = "reopen_rate"
name = "Reopen rate"
source = "incidents"
type = "process"
csf = "quality-fix"
kpi = "reopen_rate"
unit = "%"
direction = "lower"
baseline = $a_reopen_rate  # a guardrail, no target of its own: it must not rise above this
description = "Guardrail of MTTR: faster must not mean closed too early."

[[metrics]]
id = "first_assignment"
name = "First-assignment resolution"
source = "incidents"
type = "process"
csf = "quality-fix"
kpi = "first_assignment_resolution"
unit = "%"
direction = "higher"
baseline = $a_first_assignment
target = 78.0
amber = 74.0
breakdowns = ["assignment_group"]
top_n = 4

[[metrics]]
id = "backlog"
name = "Open incidents at month end"
source = "incidents"
type = "process"
kpi = "backlog"
unit = "tickets"
direction = "lower"
baseline = $b_backlog
description = "A guardrail, no target: the queue must not grow while people swarm on P1/P2."

[[metrics]]
id = "volume"
name = "Incidents opened"
source = "incidents"
type = "process"
kpi = "volume"
unit = "tickets"
direction = "lower"
baseline = $b_volume
breakdowns = ["category"]
top_n = 4
description = "Context, not a goal: a busier month makes every other number harder."

[[metrics]]
id = "availability"
name = "Email availability"
source = "outages"
type = "technology"
csf = "fast-restore"
kpi = "availability"
filter = "business_service = 'Email'"
unit = "%"
direction = "higher"
baseline = $a_availability
target = 99.9
amber = 99.8

[[metrics]]
id = "csat"
name = "Satisfaction score"
source = "satisfaction"
type = "service"
csf = "happy-users"
kpi = "value"
filter = "business_service = 'Email'"
unit = "points"
direction = "higher"
baseline = $b_csat
target = 4.1
amber = 4.0

# ------------------------------------------------------------------ step 5: analysis
[analysis]
change_date = 2026-06-01
# Control limits from the months before swarming started.
baseline_start = 2026-01-01
baseline_end = 2026-05-31
recalculate_at_change = true
min_points = 5  # five complete months each side is what a year-long monthly cycle gives us

# ------------------------------------------------------------------ meetings (steps 6, 7)
[[notes]]
date = 2026-07-09
step = 4
author = "Tom Berger"
text = "First full month of swarming: P1/P2 mean well down; two P2s waited on Microsoft support."

[[notes]]
date = 2026-09-10
step = 5
author = "Priya Natarajan"
text = "Too early to call after three months; keep going and look again with October's data."

[[notes]]
date = 2026-11-24
step = 3
author = "Aisha Khan"
text = "November is not over and a few tickets are still open; judge on the complete months."

[[decisions]]
date = 2026-09-10
decision = "continue"
rationale = "Clear drop in MTTR but only three months after the change; SLA still below target."
decided_by = "Email service review board"

[[actions]]
id = "A-201"
title = "Write the swarming runbook for Email P1/P2"
owner = "Tom Berger"
due = 2026-05-29
status = "done"
done_on = 2026-05-27

[[actions]]
id = "A-202"
title = "Check whether reopens rise among swarmed tickets"
owner = "Aisha Khan"
due = 2026-12-04
status = "in_progress"

[[actions]]
id = "A-203"
title = "Ask Microsoft for a named engineer on Exchange Online P1s"
owner = "Priya Natarajan"
due = 2026-12-18
status = "open"

[[actions]]
id = "A-204"
title = "Prepare the adopt / continue proposal for the December review"
owner = "Priya Natarajan"
due = 2026-12-10
status = "open"
"""
)

REGISTER = Template(
    """\
# The CSI register: every improvement opportunity, whether or not a cycle works on it yet.
# States follow ServiceNow improvement initiatives: new, accepted, approved, in_progress,
# monitor, closed (closed ones say how: successful, withdrawn or unsuccessful).
schema_version = 1

[[opportunities]]
id = "CSI-001"
raised = 2025-05-12
description = "Email incidents bounce between groups before anyone fixes them"
service = "Email"
size = "M"
timescale = "6 months"
priority = "high"
kpi = "first_assignment_resolution"
justification = "Half of Email incidents reassigned at least once; each hand-over adds hours."
raised_by = "Tom Berger"
actioned_by = "Priya Natarajan"
due = 2025-12-31
state = "closed"
closure_code = "successful"
outcome = "First-assignment resolution $b_first_assignment% -> $a_first_assignment%; adopted."
cycles = ["$closed_id"]

[[opportunities]]
id = "CSI-002"
raised = 2025-11-20
description = "Email P1/P2 incidents take half a day to resolve"
service = "Email"
size = "L"
timescale = "12 months"
priority = "critical"
kpi = "mttr_mean"
justification = "Sales and support stop when Email is down; the business wants P1/P2 under 7.5 h."
raised_by = "Head of Sales Operations"
actioned_by = "Priya Natarajan"
due = 2026-12-31
state = "in_progress"
cycles = ["$open_id"]

[[opportunities]]
id = "CSI-003"
raised = 2026-02-03
description = "VPN disconnects: let users reset their own token instead of calling"
service = "VPN"
size = "S"
timescale = "3 months"
priority = "medium"
kpi = "volume"
justification = "A fifth of VPN calls are token resets that a self-service page could handle."
raised_by = "Aisha Khan"
actioned_by = "Network Operations"
due = 2026-06-30
state = "monitor"

[[opportunities]]
id = "CSI-004"
raised = 2026-04-17
description = "ERP month-end close is slow and raises a burst of P2 incidents"
service = "ERP"
size = "XL"
timescale = "9 months"
priority = "high"
kpi = "sla_compliance"
justification = "Finance loses a day each month end; SLA compliance for ERP drops below 75%."
raised_by = "Finance Systems Manager"
state = "approved"

[[opportunities]]
id = "CSI-005"
raised = 2025-08-06
description = "Move Telephony first-line support to the vendor"
service = "Telephony"
size = "M"
timescale = "6 months"
priority = "low"
kpi = "first_assignment_resolution"
raised_by = "Unified Communications"
state = "closed"
closure_code = "withdrawn"
outcome = "Withdrawn: Telephony moves to Teams Voice in 2027, so the contract will change anyway."

[[opportunities]]
id = "CSI-006"
raised = 2026-10-29
description = "HR Portal incidents opened by e-mail lack the details to act on"
service = "HR Portal"
size = "S"
timescale = "2 months"
priority = "medium"
kpi = "first_assignment_resolution"
justification = "Service Desk calls the user back on most e-mailed HR Portal tickets."
raised_by = "Service Desk team lead"
state = "new"
"""
)


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
    return _CLOSED.substitute(_values(before, adopted))


def open_cycle_toml(setup: Mapping[str, float], adopted: Mapping[str, float]) -> str:
    """The open cycle; ``adopted`` from the closed cycle, ``setup`` the same months for the rest."""
    return _OPEN.substitute(_values(setup, adopted))


def register_toml(before: Mapping[str, float], adopted: Mapping[str, float]) -> str:
    return REGISTER.substitute(_values(before, adopted))
