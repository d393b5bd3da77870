"""How an action's state reads on step 7, in the minutes and in the report: one set of words.

An action still open or in progress after its due date is overdue: the chair chases those first,
so the words say it (never the colour alone) and the count goes in the headings.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from csi_tui.cycle.model import Action

STATUS_WORDS = {
    "open": "○ open",
    "in_progress": "◐ in progress",
    "done": "✔ done",
    "dropped": "✖ dropped",
}
_GLYPH = {status: words.split(" ", 1)[0] for status, words in STATUS_WORDS.items()}


def days_overdue(action: Action, today: date | None) -> int | None:
    """Whole days past the due date of an action not yet done or dropped; None when not late
    (due today is not late) or when there is no date to compare with."""
    if today is None or action.due is None or action.status not in ("open", "in_progress"):
        return None
    late = (today - action.due).days
    return late if late > 0 else None


def status_words(action: Action, today: date | None = None, *, compact: bool = False) -> str:
    """``◐ in progress``, ``✔ done 2026-05-27``; an overdue one ``◐ in progress, overdue by 3
    days``, or in a narrow column (``compact``) ``◐ overdue 3 d`` (the glyph keeps the state)."""
    late = days_overdue(action, today)
    if late is not None:
        if compact:
            return f"{_GLYPH[action.status]} overdue {late} d"
        days = "day" if late == 1 else "days"
        return f"{STATUS_WORDS[action.status]}, overdue by {late} {days}"
    words = STATUS_WORDS.get(action.status, action.status.replace("_", " "))
    return f"{words} {action.done_on.isoformat()}" if action.done_on else words


def count_overdue(actions: Iterable[Action], today: date | None) -> int:
    return sum(1 for a in actions if days_overdue(a, today) is not None)
