"""The palette offers every recording command; the meeting ones follow whether a meeting runs."""

from __future__ import annotations

from datetime import datetime

from charts_fixture import make_app, settle

from csi_tui.cycle.agenda import MeetingRun, agenda_items
from csi_tui.tui.commands import CsiCommands, meeting_commands


async def test_the_palette_lists_the_meeting_commands() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        names = [text for text, _help, _call in meeting_commands(app)]
        for name in (
            "Add note", "Record decision", "Add action", "Change action status",
            "Start meeting", "Present (step 6)",
        ):  # fmt: skip
            assert name in names
        assert "End meeting and write the minutes" not in names
        provider_names = [text for text, _h, _c in CsiCommands(app.screen).commands()]
        assert set(names) <= set(provider_names)
        cycle = app.state.cycle
        assert cycle is not None
        app.meeting_run = MeetingRun.start(agenda_items(cycle), 0.0, datetime(2026, 12, 3))
        names = [text for text, _help, _call in meeting_commands(app)]
        assert "End meeting and write the minutes" in names and "Start meeting" not in names
        assert "Next agenda item" in names and "Change attendees" in names
