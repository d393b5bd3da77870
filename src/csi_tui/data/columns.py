"""Which canonical columns are typed how, and helpers to name missing columns helpfully."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

DATETIME_COLUMNS = ("opened_at", "resolved_at", "closed_at", "start", "end", "period")
BOOL_COLUMNS = ("made_sla", "escalated", "major")
INT_COLUMNS = ("reopen_count", "reassignment_count")
FLOAT_COLUMNS = ("value",)
# The column that places a row in time, per source kind; rows without it are dropped (counted).
DATE_COLUMN = {"tickets": "opened_at", "outages": "start", "periodic": "period"}
# Computed by the engine when the inputs are there (documented in docs/kpis.md).
RESOLUTION_HOURS = "resolution_hours"


def closest(name: str, available: Iterable[str], n: int = 3) -> list[str]:
    names = list(available)
    lowered = {a.lower(): a for a in names}
    hits = difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.4)
    return [lowered[h] for h in hits]


def closest_hint(name: str, available: Iterable[str]) -> str:
    names = [a for a in available if not a.startswith("__")]
    near = closest(name, names)
    if near:
        return "closest columns: " + ", ".join(repr(c) for c in near)
    return "columns are: " + ", ".join(repr(c) for c in names[:12])
