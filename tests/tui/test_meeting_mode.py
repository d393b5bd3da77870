"""Meeting mode on a copy of the sample workspace: the clock (injected, moved by the test), the
agenda keys switching steps, and the end writing the minutes and ``[[meetings]]``."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from test_recording import comments, cycle_file, fill, loaded
from textual.widgets import Input

from csi_tui.cycle.load import load_cycle
from csi_tui.tui.app import CsiApp
from csi_tui.tui.dialogs.meeting_people import MeetingPeopleDialog, split_names
from csi_tui.tui.widgets.meeting_bar import MeetingBar

START = datetime(2026, 12, 3, 10, 0)


@pytest.fixture
def root(sample_workspace: Path, tmp_path: Path) -> Path:
    shutil.copytree(sample_workspace, tmp_path / "sample")
    return tmp_path / "sample"


class Clock:
    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds

    def wall(self) -> datetime:
        return START + timedelta(seconds=self.seconds - 1000.0)


def make(root: Path, clock: Clock) -> CsiApp:
    app = CsiApp(root, watch_files=False)
    app.clock = clock  # type: ignore[method-assign]
    app.wall_clock = clock.wall  # type: ignore[method-assign]
    return app


def set_agenda(path: Path, agenda: str) -> None:
    """Replace the sample's agenda (``[[agenda]]`` tables) with ``agenda``."""
    text = re.sub(r"\[\[agenda\]\]\n(?:[^\n]+\n)*\n?", "", path.read_text())
    assert "[[agenda]]" not in text
    path.write_text(text + agenda)


def bar(app: CsiApp) -> str:
    found = app.screen.query_one(MeetingBar)
    found.tick()
    return str(found.render()) if found.has_class("-running") else ""


def test_names_are_split_on_commas() -> None:
    assert split_names(" Priya ,Tom;  Aisha  Khan,,Tom") == ("Priya", "Tom", "Aisha Khan")


async def test_a_meeting_from_start_to_minutes(root: Path) -> None:
    path = cycle_file(root)
    before = comments(path)
    # an agenda with time boxes: steps 5 and 6
    set_agenda(
        path,
        "\n[[agenda]]\nstep = 5\nminutes = 10\n\n"
        "[[agenda]]\nstep = 6\nminutes = 5\ntopic = 'The scorecard'\n",
    )
    clock = Clock()
    app = make(root, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert bar(app) == ""
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingPeopleDialog)
        assert "Step 5, Analyse (10 min)" in str(app.screen.query_one("#meeting-agenda").render())
        # a first meeting: the owner chairs and attends, until changed
        assert app.screen.query_one("#meeting-attendees", Input).value == "Priya Natarajan"
        await fill(pilot, {"meeting-attendees": " , "})
        await pilot.press("enter")  # no attendees: refused
        await pilot.pause()
        assert "at least one attendee" in app.screen.errors_shown["meeting-attendees"]
        await fill(pilot, {"meeting-chair": "Priya", "meeting-attendees": "Priya, Tom"})
        await pilot.press("enter")
        await pilot.pause()
        assert app.meeting_run is not None and app.current_step == 5  # the first item's step
        assert bar(app) == "● Meeting 00:00:00 · 5 Analyse 10:00 left (10 min) · item 1/2"
        clock.seconds += 7 * 60 + 30
        assert bar(app) == "● Meeting 00:07:30 · 5 Analyse 2:30 left (10 min) · item 1/2"
        clock.seconds += 4 * 60
        assert "5 Analyse OVER by 1:30 (10 min)" in bar(app)
        # a note and a decision during the meeting
        await pilot.press("n")
        await pilot.pause()
        await fill(pilot, {"note-text": "MTTR is a real shift"})
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert app.current_step == 6
        assert bar(app) == "● Meeting 00:11:30 · 6 Present 5:00 left (5 min) · item 2/2"
        await pilot.press("d")
        await pilot.pause()
        await fill(
            pilot,
            {"decision-kind": "adopt", "decision-rationale": "Halved MTTR, stable for 5 months"},
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        clock.seconds += 60
        await pilot.press("less_than_sign")  # back to step 5: its time goes on
        await pilot.pause()
        assert app.current_step == 5
        assert "5 Analyse OVER by 1:30" in bar(app)
        await pilot.press("ctrl+right")
        await pilot.pause()
        assert app.current_step == 6
        # end: the people again, then the minutes
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingPeopleDialog)
        assert app.screen.query_one("#meeting-attendees", Input).value == "Priya, Tom"
        await pilot.press("enter")
        await pilot.pause()
        assert app.meeting_run is None and bar(app) == ""
    minutes = root / "minutes" / "email-2026-p1p2-mttr-2026-12-03.md"
    text = minutes.read_text()
    assert "| Attendees | Priya, Tom |" in text
    assert "- **ADOPT** by Priya, 2026-12-03." in text
    assert "Rationale: Halved MTTR, stable for 5 months" in text
    assert "- MTTR is a real shift (on MTTR P1/P2, by Priya)" in text
    assert "| 1 | 5 Analyse | - | 10 min | 11:30 (OVER by 1:30) |" in text
    assert "| 2 | 6 Present | The scorecard | 5 min | 1:00 |" in text
    assert "| A-203 | Ask Microsoft for a named engineer" in text
    assert "▲ MET" in text
    cycle = load_cycle(path)
    assert cycle.meetings[-1].date == date(2026, 12, 3)
    assert cycle.meetings[-1].chair == "Priya"
    assert cycle.meetings[-1].attendees == ("Priya", "Tom")
    assert cycle.meetings[-1].minutes == "../minutes/email-2026-p1p2-mttr-2026-12-03.md"
    assert comments(path) == before


async def test_the_next_meeting_is_prefilled_and_the_agenda_is_the_seven_steps(
    root: Path,
) -> None:
    path = cycle_file(root)
    set_agenda(  # no agenda
        path, "\n[[meetings]]\ndate = 2026-11-01\nchair = 'Aisha'\nattendees = ['Aisha', 'Lee']\n"
    )
    clock = Clock()
    app = make(root, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("3", "greater_than_sign")  # no meeting: the agenda keys do nothing
        await pilot.pause()
        assert app.current_step == 3
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.query_one("#meeting-chair", Input).value == "Aisha"
        assert app.screen.query_one("#meeting-attendees", Input).value == "Aisha, Lee"
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_step == 1
        assert bar(app) == "● Meeting 00:00:00 · 1 Strategy 0:00 on it · item 1/7"
        for _ in range(8):  # past the end: stays on the last item
            await pilot.press("greater_than_sign")
        await pilot.pause()
        assert app.current_step == 7 and "item 7/7" in bar(app)
        # the last item, step 7, is where the chair ends it: m there too, then think again
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingPeopleDialog)
        await pilot.press("escape")  # not ended: the meeting goes on
        await pilot.pause()
        assert app.meeting_run is not None and app.current_step == 7
    assert not (root / "minutes").exists()


async def test_quitting_during_a_meeting_asks_first(root: Path) -> None:
    from csi_tui.tui.dialogs.confirm_dialog import ConfirmDialog

    app = make(root, Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")  # start with the prefilled chair and attendees
        await pilot.pause()
        assert app.meeting_run is not None
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # back to the meeting: nothing lost
        await pilot.pause()
        assert app.is_running and app.meeting_run is not None
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    assert not list(root.glob("minutes/*.md"))  # quit without minutes, as answered


async def test_the_sample_agenda_shows_each_item_s_time_left(root: Path) -> None:
    clock = Clock()
    app = make(root, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        agenda = str(app.screen.query_one("#meeting-agenda").render())
        assert "1. Step 1, Strategy (5 min): Is 7.5 hours still the goal" in agenda
        assert "5. Step 5, Analyse (15 min)" in agenda
        await pilot.press("enter")
        await pilot.pause()
        clock.seconds += 65
        assert bar(app) == "● Meeting 00:01:05 · 1 Strategy 3:55 left (5 min) · item 1/7"
