"""The sample workspace's two cycle files, as a person would write them (with comments).

Text templates rather than serialised dataclasses, so the comments a new user reads first survive.
The repeated tables are written beside this module: the sources (``source_tables``), the metrics
(``metric_tables``) and the meeting records (``meeting_records``); the register is in
``register``. The figures quoted as baselines come from ``baselines.email_figures`` over the
generated data, so the files and the data always agree whatever the seed.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Template

from csi_tui.sample.meeting_records import CLOSED_MEETINGS, OPEN_MEETINGS
from csi_tui.sample.metric_tables import closed_metrics, open_metrics
from csi_tui.sample.source_tables import INCIDENTS_SOURCE, OUTAGES_SOURCE, SATISFACTION_SOURCE
from csi_tui.sample.toml_blocks import toml_float

CLOSED_CYCLE_ID = "email-2025-first-fix"
OPEN_CYCLE_ID = "email-2026-p1p2-mttr"

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


def _values(before: Mapping[str, float], adopted: Mapping[str, float]) -> dict[str, str]:
    values = {"closed_id": CLOSED_CYCLE_ID, "open_id": OPEN_CYCLE_ID}
    values |= {f"b_{k}": toml_float(v) for k, v in before.items()}
    values |= {f"a_{k}": toml_float(v) for k, v in adopted.items()}
    values |= {"incidents": INCIDENTS_SOURCE, "outages": OUTAGES_SOURCE}
    values["satisfaction"] = SATISFACTION_SOURCE
    return values


def closed_cycle_toml(before: Mapping[str, float], adopted: Mapping[str, float]) -> str:
    """The closed cycle; ``before`` is its own baseline window, ``adopted`` what it achieved."""
    values = _values(before, adopted)
    values |= {"metrics": closed_metrics(before), "meetings": CLOSED_MEETINGS}
    return _CLOSED.substitute(values)


def open_cycle_toml(setup: Mapping[str, float], adopted: Mapping[str, float]) -> str:
    """The open cycle; ``adopted`` from the closed cycle, ``setup`` the same months for the rest."""
    values = _values(setup, adopted)
    values |= {"metrics": open_metrics(setup, adopted), "meetings": OPEN_MEETINGS}
    return _OPEN.substitute(values)
