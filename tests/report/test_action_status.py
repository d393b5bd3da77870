"""Action status words shared by step 7, the minutes and the report: overdue is said in words."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from csi_tui.cycle.model import Action
from csi_tui.report.action_status import count_overdue, days_overdue, status_words

DUE = date(2026, 12, 4)


def action(status: str = "in_progress", due: date | None = DUE, done_on: date | None = None):
    return Action("A-1", "Write the runbook", "Kim", due, status, done_on)  # type: ignore[arg-type]


def test_not_late_on_the_due_day_late_the_day_after() -> None:
    assert days_overdue(action(), DUE) is None
    assert days_overdue(action(), DUE + timedelta(days=1)) == 1
    assert status_words(action(), DUE) == "◐ in progress"
    assert status_words(action(), date(2026, 12, 7)) == "◐ in progress, overdue by 3 days"
    assert status_words(action("open"), date(2026, 12, 5)) == "○ open, overdue by 1 day"


def test_compact_words_keep_the_state_glyph() -> None:
    assert status_words(action(), date(2026, 12, 7), compact=True) == "◐ overdue 3 d"
    assert status_words(action("open"), date(2027, 4, 13), compact=True) == "○ overdue 130 d"


def test_done_dropped_and_undated_actions_are_never_late() -> None:
    late_day = date(2027, 6, 1)
    done = action("done", done_on=date(2026, 12, 20))
    assert days_overdue(done, late_day) is None
    assert status_words(done, late_day) == "✔ done 2026-12-20"
    assert status_words(action("dropped"), late_day) == "✖ dropped"
    assert days_overdue(action(due=None), late_day) is None
    assert status_words(action(), None) == "◐ in progress"  # no day to judge by


def test_count_overdue() -> None:
    actions = [action(), action("open", date(2026, 11, 1)), action("done"), action(due=None)]
    assert count_overdue(actions, date(2026, 12, 5)) == 2
    assert count_overdue(actions, date(2026, 11, 30)) == 1
    assert count_overdue(actions, None) == 0


@given(
    st.sampled_from(["open", "in_progress", "done", "dropped"]),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
)
def test_overdue_exactly_when_unfinished_and_past_due(status: str, due: date, today: date) -> None:
    late = days_overdue(action(status, due), today)
    if status in ("open", "in_progress") and today > due:
        assert late == (today - due).days
        assert "overdue" in status_words(action(status, due), today)
    else:
        assert late is None
        assert "overdue" not in status_words(action(status, due), today)
