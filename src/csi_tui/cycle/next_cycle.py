"""Where and when the cycle after an adopted one goes: its id, its dates and its file; and how far
continue testing moves a cycle's end. Dates only: nothing here reads or writes a file."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from csi_tui.cycle import model
from csi_tui.errors import CsiError

_QUARTER = re.compile(r"(?P<year>(?:19|20)\d{2})(?P<sep>[-_]?)(?P<q>[qQ])[1-4]$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


@dataclass(frozen=True)
class NextCycle:
    """Where and when the next cycle goes."""

    id: str
    start: date
    end: date
    path: Path


def next_dates(cycle: model.Cycle, start: date | None = None) -> tuple[date, date]:
    """The next cycle's start (default: the day after this one ends) and end (the same length:
    in whole months when the cycle runs from a 1st to a month's last day, else in days)."""
    info = cycle.cycle
    begin = start or info.end + timedelta(days=1)
    whole_months = info.start.day == 1 and info.end.day == _last_day(info.end)
    if whole_months and begin.day == 1:
        months = (info.end.year - info.start.year) * 12 + info.end.month - info.start.month + 1
        last = _add_months(begin, months - 1)
        return begin, last.replace(day=_last_day(last))
    return begin, begin + (info.end - info.start)


def suggested_extension(cycle: model.Cycle) -> date:
    """A new end for continue testing: a quarter of the cycle's length more (at least a month,
    to a month's end, for a cycle of whole months)."""
    info = cycle.cycle
    if info.start.day == 1 and info.end.day == _last_day(info.end):
        months = (info.end.year - info.start.year) * 12 + info.end.month - info.start.month + 1
        last = _add_months(info.end.replace(day=1), max(1, months // 4))
        return last.replace(day=_last_day(last))
    return info.end + max(timedelta(days=7), (info.end - info.start) // 4)


def _last_day(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def next_id(cycle_id: str, start: date) -> str:
    """A trailing year and quarter (``email-2026-q2``) become the new start's; else the last year
    in the id (``email-2026-p1p2-mttr`` -> ``email-2027-p1p2-mttr``); else ``<id>-next``."""
    quarter = _QUARTER.search(cycle_id)
    if quarter is not None:
        q = (start.month - 1) // 3 + 1
        new = f"{cycle_id[: quarter.start()]}{start.year}{quarter['sep']}{quarter['q']}{q}"
        if new != cycle_id:
            return new
    years = list(_YEAR.finditer(cycle_id))
    if years and int(years[-1].group()) < start.year:
        last = years[-1]
        return f"{cycle_id[: last.start()]}{start.year}{cycle_id[last.end() :]}"
    return f"{cycle_id}-next"


def plan_next(
    workspace: model.Workspace,
    cycle: model.Cycle,
    cycle_id: str | None = None,
    start: date | None = None,
) -> NextCycle:
    """The next cycle's id, dates and file (beside the adopted one); refused if it exists."""
    if cycle.path is None:
        raise CsiError.one("this cycle was not loaded from a file", hint="save it first")
    begin, end = next_dates(cycle, start)
    if begin <= cycle.cycle.start:
        raise CsiError.one(
            f"the next cycle cannot start ({begin}) before this one ({cycle.cycle.start})",
            key="--start",
        )
    chosen = cycle_id or next_id(cycle.id, begin)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", chosen):
        raise CsiError.one(
            f"{chosen!r} cannot be a cycle id (it names the file)",
            key="--next-id",
            hint="use letters, digits, '-', '_' and '.'",
        )
    path = cycle.path.parent / f"{chosen}.toml"
    if workspace.cycle(chosen) is not None or path.exists():
        raise CsiError.one(
            f"the next cycle {chosen!r} already exists; nothing was written",
            file=path,
            hint="choose another id with --next-id, or remove that file",
        )
    return NextCycle(id=chosen, start=begin, end=end, path=path)
