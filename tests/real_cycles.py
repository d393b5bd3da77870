"""Cycles over real public data, shared by the tests: the Volvo incident log and GitHub's
downtime windows. The golden compute files (tests/golden) are kept for a workspace of both; the
dashboard's real-data test opens the GitHub one."""

from __future__ import annotations

import os
from pathlib import Path

VOLVO = """schema_version = 1

[cycle]
id = "volvo-incidents"
title = "Volvo IT incidents, rolled up from the event log"
service = "Volvo IT"
owner = "Service desk lead"
status = "review"
grain = "month"
start = 2011-10-01
end = 2012-05-31
timezone = "Europe/Brussels"

[strategy]
vision = "Incidents solved at the first level"
business_need = "Escalations cost second-line time"

[[sources]]
id = "vinst"
path = "{log}"
columns = {{ ticket_id = "SR Number", priority = "SR Latest Impact" }}

[sources.rollup]
key = "SR Number"
order_by = "Change Date+Time"
keep = "last"
first_as = "opened_at"
count_as = "events"

[[sources.rollup.times]]
name = "resolved_at"
column = "Status"
values = ["Completed"]

[[sources.rollup.times]]
name = "escalated_at"
column = "ST Level"
values = ["L2", "L3"]

[[sources.rollup.times]]
name = "last_active"
column = "Status"
values = ["Accepted", "Queued"]
which = "last"

[[sources.derived]]
name = "escalated"
sql = "escalated_at IS NOT NULL"

[[sources.derived]]
name = "reopen_count"
sql = "CASE WHEN last_active > resolved_at THEN 1 ELSE 0 END"

[[metrics]]
id = "volume"
name = "Tickets opened"
source = "vinst"
kpi = "volume"

[[metrics]]
id = "backlog"
name = "Open at the end of the month"
source = "vinst"
kpi = "backlog"

[[metrics]]
id = "mttr"
name = "Mean time to resolve"
source = "vinst"
kpi = "mttr_mean"
breakdowns = ["priority"]
baseline = 200
target = 150

[[metrics]]
id = "mttr_p90"
name = "MTTR p90"
source = "vinst"
kpi = "mttr_p90"

[[metrics]]
id = "escalation"
name = "Escalation rate"
source = "vinst"
kpi = "escalation_rate"

[[metrics]]
id = "reopen"
name = "Reopen rate"
source = "vinst"
kpi = "reopen_rate"

[[metrics]]
id = "high_impact_hours"
name = "Mean hours, high impact"
source = "vinst"
formula = "AVG(resolution_hours)"
filter = "priority = 'High'"
unit = "h"

[analysis]
change_date = 2012-02-01
"""

GITHUB = """schema_version = 1

[cycle]
id = "github-outages"
title = "Fewer GitHub outages"
service = "GitHub"
owner = "SRE lead"
status = "review"
grain = "quarter"
start = 2022-04-01
end = 2026-06-30

[strategy]
vision = "GitHub is there when we push"
business_need = "Outages stop our deployments"

[[sources]]
id = "downtime"
path = "{windows}"
kind = "outages"
filter = "impact <> 'maintenance'"

[sources.columns]
start = "downtime_start"
end = "downtime_end"

[[metrics]]
id = "outages"
name = "Outages per quarter"
source = "downtime"
kpi = "outage_count"
baseline = 40
target = 30

[[metrics]]
id = "availability"
name = "Availability"
source = "downtime"
kpi = "availability"
target = 99.9
"""


def real_workspace(root: Path, volvo_log: Path, github_windows: Path) -> Path:
    """A workspace with the two real-data cycles, reading the given files."""
    cycles = github_workspace(root, github_windows) / "cycles"
    log = os.path.relpath(volvo_log, cycles)
    (cycles / "volvo.toml").write_text(VOLVO.format(log=log), encoding="utf-8")
    return root


def github_workspace(root: Path, github_windows: Path) -> Path:
    """A workspace with the GitHub outages cycle alone, reading the given file."""
    cycles = root / "cycles"
    cycles.mkdir(parents=True)
    windows = os.path.relpath(github_windows, cycles)
    (cycles / "github.toml").write_text(GITHUB.format(windows=windows), encoding="utf-8")
    return root
