"""The commented starter cycle ``csi-tui new`` writes: every section explained, valid as it is."""

from __future__ import annotations

from datetime import date, timedelta

from csi_tui.cycle.schema import SCHEMA_FILE

_TEMPLATE = """\
#:schema ./{schema_file}
# A csi-tui improvement cycle. Sections follow the seven CSI steps; replace the examples.
# Check it with `csi-tui validate {file_name}`; the key reference is docs/cycle-format.md.
# Editors with Taplo / "Even Better TOML" validate and complete it using the #:schema line.
schema_version = 1

# ---------------------------------------------------------------- the cycle
[cycle]
id = "{cycle_id}"                 # unique in the workspace
title = "{title}"
service = "My service"            # the business service being improved
owner = "Your Name"
status = "draft"                  # draft | active | review | closed
grain = "month"                   # metrics per day | week | month | quarter
start = {start}                # first day of the data window
end = {end}                  # last day of the data window
# timezone = "UTC"                # periods follow the calendar of this zone
# previous = "last-cycle-id"      # the cycle this one follows
# register_id = "CSI-1"           # the register.toml opportunity it works on

# ---------------------------------------------------------------- step 1: strategy
[strategy]
vision = "What the service should be like."
business_need = "Why the business needs this improvement."
objectives = [
    "A measurable objective, e.g. cut the mean time to resolve P1/P2 incidents by a third",
]

# Critical success factors: metrics name the one they serve with csf = "...".
[[strategy.csfs]]
id = "fast"
name = "Restore service quickly"

# ---------------------------------------------------------------- step 3: data sources
# Paths are relative to this file; globs (data/*.csv) read many files as one.
[[sources]]
id = "tickets"
path = "../data/incidents.csv"
# format = "csv"                  # csv | tsv | parquet | ndjson | json | excel (default: extension)
# kind = "tickets"                # tickets | periodic (one value per period) | outages
# preset = "servicenow"           # column names of a known tool: servicenow | jira | generic
# null_values = ["?", ""]         # read as missing
# dayfirst = true                 # 31/1/2026 rather than 1/31/2026
# filter = "state <> 'Cancelled'" # SQL; rows failing it are dropped and counted

# Map your export's column names onto the names the KPIs read (see docs/cycle-format.md).
# [sources.columns]
# opened_at = "Opened"
# resolved_at = "Resolved"
# priority = "Priority"

# An event log (many rows per ticket) is rolled up to one row per ticket:
# [sources.rollup]
# key = "Ticket"
# order_by = "Changed at"
# first_as = "opened_at"
# [[sources.rollup.times]]
# name = "resolved_at"
# column = "Status"
# values = ["Resolved"]

# ---------------------------------------------------------------- step 2: metrics
[[metrics]]
id = "mttr"
name = "Mean time to resolve P1/P2"
source = "tickets"
csf = "fast"
type = "service"                  # service | process | technology
kpi = "mttr_mean"                 # a built-in KPI (csi-tui schema lists them), or instead:
# formula = "AVG(hours)"          # a polars SQL aggregate (set kpi or formula, not both)
filter = "priority IN ('1', '2')" # SQL condition applied before the KPI
unit = "h"
direction = "lower"               # lower | higher is better
# baseline = 9.0                  # the value before the improvement
# target = 6.0                    # the value it should reach
# amber = 7.0                     # between "at risk" and "missed", on the bad side of target
# guardrails = ["reopen"]         # ids of metrics that must not get worse
# breakdowns = ["assignment_group"]

# ---------------------------------------------------------------- step 5: analysis
[analysis]
# change_date = {start}          # when the improvement went live: before/after comparison
# baseline_start = {start}       # window the control limits come from
# baseline_end = {start}
alpha = 0.05                      # significance level

# ---------------------------------------------------------------- steps 6-7: meeting records
# csi-tui adds these as the review meetings go; you may write them by hand too.
# [[notes]]
# date = {start}
# text = "What was said."
# [[decisions]]
# date = {start}
# decision = "continue"           # adopt | continue | reject
# [[actions]]
# id = "A1"
# title = "What is to be done"
# owner = "Who"
# due = {end}
# [adoption]
# date = {end}
# baselines = {{ mttr = 6.0 }}
"""


def quarter_of(day: date) -> tuple[date, date]:
    """First and last day of the calendar quarter holding ``day``."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    following = date(day.year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1)
    return start, following - timedelta(days=1)


def starter_text(
    cycle_id: str, file_name: str, start: date, end: date, title: str = "What we improve"
) -> str:
    """A starter cycle file that validates as it is."""
    return _TEMPLATE.format(
        schema_file=SCHEMA_FILE,
        file_name=file_name,
        cycle_id=cycle_id,
        title=title,
        start=start.isoformat(),
        end=end.isoformat(),
    )
