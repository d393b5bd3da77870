"""The ``[[sources]]`` tables of the sample cycles, as a person writes them (with comments); the
incidents and outages sources are shared by both cycles (written once, used twice)."""

INCIDENTS_SOURCE = """\
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

OUTAGES_SOURCE = """\
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

SATISFACTION_SOURCE = """\
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
