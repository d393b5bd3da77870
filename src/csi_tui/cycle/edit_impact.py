"""What an edit to a metric or a source makes stale: nothing, the analysis, or the data.

The data engine reads only some keys of a metric (``RESULT_FIELDS``); the result cache key is made
of those alone (``data/source_cache.py``), so an edit of anything else (a target, the direction,
a name) keeps the computed numbers and only the analysis runs again.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from csi_tui.cycle import model
from csi_tui.cycle.sources import Source

Impact = Literal["none", "analysis", "data"]

# The keys of a metric the engine reads to compute its values per period (and its unit, which the
# computed series carries). Everything else is an expectation or a label.
RESULT_FIELDS: tuple[str, ...] = (
    "id",
    "source",
    "kpi",
    "formula",
    "filter",
    "unit",
    "breakdowns",
    "top_n",
    "options",
)
# The keys of ``[cycle]`` the engine reads: the periods (grain, zone, window) and the id the
# result is filed under. A status, title or owner change computes nothing again.
CYCLE_RESULT_FIELDS: tuple[str, ...] = ("id", "grain", "timezone", "start", "end")


def result_part(metric: model.Metric) -> tuple[object, ...]:
    """The part of a metric its computed values depend on."""
    return tuple(getattr(metric, name) for name in RESULT_FIELDS)


def cycle_part(info: model.CycleInfo) -> tuple[object, ...]:
    """The part of ``[cycle]`` computed values depend on."""
    return tuple(getattr(info, name) for name in CYCLE_RESULT_FIELDS)


def changed_fields(old: model.Metric, new: model.Metric) -> tuple[str, ...]:
    names = (f.name for f in dataclasses.fields(model.Metric))
    return tuple(name for name in names if getattr(old, name) != getattr(new, name))


def metric_impact(old: model.Metric | None, new: model.Metric | None) -> Impact:
    """A metric added, removed, or changed in what it computes: "data"; a changed expectation
    (target, amber, baseline, direction, target date, guardrails, name...): "analysis"."""
    if old is None or new is None:
        return "none" if old is new else "data"
    changed = changed_fields(old, new)
    if not changed:
        return "none"
    if any(name in RESULT_FIELDS for name in changed):
        return "data"
    # Names and descriptions too: the analysis writes its verdicts in sentences that use them.
    return "analysis"


def source_impact(old: Source | None, new: Source | None) -> Impact:
    """Every key of a source changes what is read: any change is "data"."""
    return "none" if old == new else "data"
