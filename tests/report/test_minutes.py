"""The minutes of a review meeting over a copy of the sample workspace: what the team decided,
who does what by when, and the scorecard as the screen showed it."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from csi_tui.analysis import analyse_cycle
from csi_tui.cycle import edit
from csi_tui.cycle.agenda import MeetingRun, agenda_items
from csi_tui.cycle.edit_meeting import next_action_id, record_meeting
from csi_tui.cycle.load import load_cycle
from csi_tui.cycle.model import Action, AgendaItem, Decision, Meeting, Note
from csi_tui.data.engine import compute_cycle
from csi_tui.report.minutes import minutes_markdown, relative_to_cycle, write_minutes
from csi_tui.report.scorecard import score_rows

NOW = datetime(2027, 2, 1, tzinfo=UTC)  # after the cycle ended: every period complete
DAY = date(2026, 12, 3)
CYCLE = "email-2026-p1p2-mttr"


@pytest.fixture
def cycle_file(sample_workspace: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root)
    return root / "cycles" / f"{CYCLE}.toml"


def test_the_minutes_hold_the_decision_actions_and_scorecard(cycle_file: Path) -> None:
    cycle = load_cycle(cycle_file)
    assert next_action_id(cycle) == "A-205"
    cycle = edit.record_decision(
        cycle, Decision(DAY, "adopt", "MTTR | halved and stable", "Email review board")
    )
    cycle = edit.add_action(
        cycle, Action("A-205", "Roll swarming out to Teams", "Tom Berger", date(2027, 1, 15))
    )
    cycle = edit.add_note(
        cycle, Note(DAY, "The P2 tail is gone", "Aisha Khan", step=5, metric="mttr_p1p2")
    )
    rows = score_rows(cycle, compute := compute_cycle(cycle, use_cache=False, now=NOW),
                      analyse_cycle(cycle, compute))  # fmt: skip
    meeting = Meeting(DAY, "Priya Natarajan", ("Priya Natarajan", "Tom Berger"))
    agenda = (AgendaItem(5, 10), AgendaItem(6, 5, "The scorecard"))
    text = minutes_markdown(
        cycle, meeting, rows, times=[(agenda[0], 700.0), (agenda[1], 120.0)],
        started=datetime(2026, 12, 3, 10, 0), ended=datetime(2026, 12, 3, 10, 14),
    )  # fmt: skip

    assert text.startswith("# Minutes: ")
    assert "| Chair | Priya Natarajan |" in text
    assert "| Attendees | Priya Natarajan, Tom Berger |" in text
    # the decision with its rationale and who took it; a pipe in text does not break the table
    assert "- **ADOPT** by Email review board, 2026-12-03." in text
    assert "Rationale: MTTR | halved and stable" in text
    # every action, with owner, due date and status words
    assert "| A-205 | Roll swarming out to Teams | Tom Berger | 2027-01-15 | ○ open |" in text
    assert (
        "| A-201 | Write the swarming runbook for Email P1/P2 | Tom Berger | 2026-05-29 |" in text
    )
    assert "✔ done 2026-05-27 |" in text
    # the note under its step, with the metric's name
    assert "### Step 5 Analyse" in text
    assert "- The P2 tail is gone (on MTTR P1/P2, by Aisha Khan)" in text
    # notes of earlier meetings are not these minutes'
    assert "First full month of swarming" not in text
    # the scorecard: one row per metric, glyph and word, now, target, change
    assert len(rows) == len(cycle.metrics)
    for row in rows:
        line = f"| {row.badge} | {row.name} | {row.current} | {row.period or '-'} | {row.target} |"
        assert line in text
        assert row.badge.split(" ", 1)[1] in ("MET", "AT RISK", "MISSED", "NO TARGET")
    assert any(r.status == "met" for r in rows)
    # time per item, over time in words
    assert "| 1 | 5 Analyse | - | 10 min | 11:40 (OVER by 1:40) |" in text
    assert "| 2 | 6 Present | The scorecard | 5 min | 2:00 |" in text
    assert "\x1b" not in text


def test_written_atomically_beside_the_cycles_never_over_another(cycle_file: Path) -> None:
    cycle = load_cycle(cycle_file)
    first = write_minutes(cycle, DAY, "# one\n")
    second = write_minutes(cycle, DAY, "# two\n")
    assert first == cycle_file.parent.parent / "minutes" / f"{CYCLE}-2026-12-03.md"
    assert second.name == f"{CYCLE}-2026-12-03-2.md"
    assert first.read_text() == "# one\n" and second.read_text() == "# two\n"
    assert relative_to_cycle(cycle, first) == f"../minutes/{CYCLE}-2026-12-03.md"
    assert not [p for p in first.parent.iterdir() if p.name.startswith(".")]  # no temp files


def test_a_meeting_is_recorded_with_comments_kept(cycle_file: Path) -> None:
    before = [line for line in cycle_file.read_text().splitlines() if line.startswith("#")]
    cycle = load_cycle(cycle_file)
    saved = record_meeting(cycle, Meeting(DAY, "Priya", ("Priya", "Tom"), "../minutes/x.md"))
    assert saved.meetings == (Meeting(DAY, "Priya", ("Priya", "Tom"), "../minutes/x.md"),)
    after = cycle_file.read_text().splitlines()
    assert all(line in after for line in before)
    assert "[[meetings]]" in after


def test_the_meeting_clock() -> None:
    agenda = (AgendaItem(1, 2), AgendaItem(5), AgendaItem(6, 1))
    run = MeetingRun.start(agenda, now=100.0, started_at=datetime(2026, 12, 3, 10))
    assert run.item_left(160.0) == 60.0
    run = run.go(1, now=190.0)  # 90 s on item 1
    assert run.item_left(200.0) is None
    run = run.go(0, now=220.0)  # back to item 1: its 90 s count on
    assert run.item_elapsed(250.0) == 120.0 and run.item_left(250.0) == 0.0
    assert run.item_left(260.0) == -10.0
    run = run.go(9, now=260.0)  # clamped to the last item
    assert run.index == 2
    assert run.spent_so_far(290.0) == (130.0, 30.0, 30.0)
    assert run.elapsed(290.0) == 190.0
    assert len(agenda_items(load_cycle_free())) == 7


def load_cycle_free():  # type: ignore[no-untyped-def]
    from csi_tui.cycle.model import Cycle, CycleInfo

    return Cycle(CycleInfo("c", "t", "s", "o", date(2026, 1, 1), date(2026, 2, 1)))


def test_overdue_actions_are_named_as_the_meeting_sees_them(cycle_file: Path) -> None:
    """The sample's A-202 (Aisha Khan, due 2026-12-04, in progress) is late at a meeting on
    2026-12-07 and not at one on 2026-12-03."""
    cycle = load_cycle(cycle_file)
    late_day = date(2026, 12, 7)
    text = minutes_markdown(cycle, Meeting(late_day, "Priya", ("Priya",)), [])
    assert "**1 overdue** on 2026-12-07: A-202 (Aisha Khan)." in text
    assert "| 2026-12-04 | ◐ in progress, overdue by 3 days |" in text
    on_time = minutes_markdown(cycle, Meeting(DAY, "Priya", ("Priya",)), [])
    assert "overdue" not in on_time
    assert "| 2026-12-04 | ◐ in progress |" in on_time
