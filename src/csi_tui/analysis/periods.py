"""Period labels (as the data engine writes them) stepped forward, and grain words."""

from __future__ import annotations

import re
from datetime import date, timedelta

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")

MAX_YEAR = 9999  # the last year datetime.date holds
BEYOND = f"not before the year {MAX_YEAR}"  # target_reach when the period is past it

GRAIN_WORDS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter"}


def period_after(label: str, steps: int) -> str | None:
    """The label ``steps`` periods after ``label`` ("2026-11" + 3 -> "2027-02"); None when the
    label is not one of the engine's formats (day, ISO week, month, quarter) or the period lies
    past the year 9999 (``date`` cannot hold it)."""
    try:
        if m := _DAY.match(label):
            day = date(int(m[1]), int(m[2]), int(m[3])) + timedelta(days=steps)
            return day.isoformat()
        if m := _WEEK.match(label):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1) + timedelta(weeks=steps)
            year, week, _ = monday.isocalendar()
            return f"{year}-W{week:02d}"
    except (OverflowError, ValueError):
        return None
    if m := _MONTH.match(label):
        months = int(m[1]) * 12 + int(m[2]) - 1 + steps
        return f"{months // 12}-{months % 12 + 1:02d}" if months // 12 <= MAX_YEAR else None
    if m := _QUARTER.match(label):
        quarters = int(m[1]) * 4 + int(m[2]) - 1 + steps
        return f"{quarters // 4}-Q{quarters % 4 + 1}" if quarters // 4 <= MAX_YEAR else None
    return None


def grain_word(grain: str) -> str:
    return GRAIN_WORDS.get(grain, "period")
