"""Edits the review meeting makes beyond notes, decisions and actions: the meeting itself.

Built on ``csi_tui.cycle.edit`` (tomlkit, atomic, refusing a file changed on disk), kept apart
from it so the rooms that extend the edits do not collide in one file.
"""

from __future__ import annotations

import re

from csi_tui.cycle import model
from csi_tui.cycle.edit import append_record, edit_cycle

_ACTION_NUMBER = re.compile(r"^(?P<prefix>A-?)(?P<number>\d+)$")


def record_meeting(cycle: model.Cycle, meeting: model.Meeting) -> model.Cycle:
    """Append a meeting held on the cycle (``[[meetings]]``): date, chair, attendees, minutes."""
    return edit_cycle(cycle, lambda doc: append_record(doc, "meetings", meeting))


def next_action_id(cycle: model.Cycle) -> str:
    """The next free A-number in the style the file already uses ("A-205" after "A-204")."""
    numbers: list[int] = []
    prefix = "A-"
    for action in cycle.actions:
        found = _ACTION_NUMBER.match(action.id)
        if found:
            numbers.append(int(found["number"]))
            prefix = found["prefix"]
    taken = {a.id for a in cycle.actions}
    number = max(numbers, default=0) + 1
    while f"{prefix}{number}" in taken:  # e.g. "A-3" and "A3" both present
        number += 1
    return f"{prefix}{number}"


def last_meeting(cycle: model.Cycle) -> model.Meeting | None:
    """The latest meeting recorded on the cycle (its chair and attendees prefill the next)."""
    return max(cycle.meetings, key=lambda m: m.date, default=None)
