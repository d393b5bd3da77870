"""The review meeting's agenda and its clock: which item is on, how long it has run, time left.

Pure Python with an injected clock (seconds, e.g. ``time.monotonic``), so the TUI's meeting mode,
the minutes and the tests share it and tests never sleep.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from csi_tui.cycle import model


def agenda_items(cycle: model.Cycle) -> tuple[model.AgendaItem, ...]:
    """The cycle's ``[[agenda]]``, or the seven steps without time boxes when it has none."""
    if cycle.agenda:
        return cycle.agenda
    return tuple(model.AgendaItem(step=n) for n in range(1, 8))


@dataclass(frozen=True)
class MeetingRun:
    """A meeting in progress; replaced whole on every move (``go``)."""

    started: float  # clock reading at the start
    started_at: datetime  # wall time at the start, for the minutes
    chair: str
    attendees: tuple[str, ...]
    agenda: tuple[model.AgendaItem, ...]
    index: int = 0
    item_started: float = 0.0  # clock reading when the current item was entered
    spent: tuple[float, ...] = ()  # seconds per item before the current visit
    cycle_id: str = ""  # the cycle under review (adopting it opens the next one mid-meeting)

    @classmethod
    def start(
        cls,
        agenda: tuple[model.AgendaItem, ...],
        now: float,
        started_at: datetime,
        chair: str = "",
        attendees: tuple[str, ...] = (),
        cycle_id: str = "",
    ) -> MeetingRun:
        return cls(
            started=now,
            started_at=started_at,
            chair=chair,
            attendees=attendees,
            agenda=agenda,
            item_started=now,
            spent=(0.0,) * len(agenda),
            cycle_id=cycle_id,
        )

    @property
    def item(self) -> model.AgendaItem:
        return self.agenda[self.index]

    def elapsed(self, now: float) -> float:
        return max(0.0, now - self.started)

    def item_elapsed(self, now: float) -> float:
        """Seconds on the current item, earlier visits included."""
        return self.spent[self.index] + max(0.0, now - self.item_started)

    def item_left(self, now: float) -> float | None:
        """Seconds left of the current item's time box (negative: over), None without one."""
        if self.item.minutes is None:
            return None
        return self.item.minutes * 60 - self.item_elapsed(now)

    def go(self, index: int, now: float) -> MeetingRun:
        """Move to agenda item ``index`` (clamped); the time so far goes to the item left."""
        index = max(0, min(len(self.agenda) - 1, index))
        if index == self.index:
            return self
        return replace(self, index=index, item_started=now, spent=self.spent_so_far(now))

    def spent_so_far(self, now: float) -> tuple[float, ...]:
        spent = list(self.spent)
        spent[self.index] = self.item_elapsed(now)
        return tuple(spent)

    def with_people(self, chair: str, attendees: tuple[str, ...]) -> MeetingRun:
        return replace(self, chair=chair, attendees=attendees)


def clock_text(seconds: float) -> str:
    """``00:12:31``: the meeting's running time."""
    total = int(max(0.0, seconds))
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def short_time(seconds: float) -> str:
    """``3:10``: minutes and seconds (of a time box, always positive)."""
    total = int(abs(seconds))
    return f"{total // 60}:{total % 60:02d}"
