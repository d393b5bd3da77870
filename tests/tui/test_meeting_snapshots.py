"""How meeting mode, the minutes flow and presentation mode look: 80x24 and 120x40, dark and
projector. Over ``charts_fixture``'s hand-built results, the clock frozen (set by the test), so
the pictures are deterministic. Update with ``--snapshot-update`` after looking at the SVGs."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from charts_fixture import make_app, make_workspace, settle
from textual.widgets import Input

from csi_tui.cycle.model import AgendaItem
from csi_tui.tui.app import CsiApp

SIZES = [(80, 24), (120, 40)]
THEMES = [None, "projector"]
AGENDA = (AgendaItem(4, 5), AgendaItem(5, 10, "Did swarming work?"), AgendaItem(6, 10))


def frozen_app(theme: str | None) -> tuple[CsiApp, list[float]]:
    workspace = make_workspace()
    earlier, current = workspace.cycles
    workspace = replace(workspace, cycles=(earlier, replace(current, agenda=AGENDA)))
    app = make_app(theme=theme, workspace=workspace)
    now = [1000.0]
    app.clock = lambda: now[0]  # type: ignore[method-assign]
    app.wall_clock = lambda: datetime(2026, 12, 3, 10, 0)  # type: ignore[method-assign]
    return app, now


async def no_blink(pilot: Any) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def start_meeting(app: CsiApp, pilot: Any) -> None:
    await settle(app, pilot)
    await pilot.press("m")
    await pilot.pause()
    screen = pilot.app.screen
    screen.query_one("#meeting-chair", Input).value = "Ana"
    screen.query_one("#meeting-attendees", Input).value = "Ana, Ben, Chloé"
    await pilot.press("enter")
    await settle(app, pilot)
    app.clear_notifications()  # the "meeting started" toast would cover the screen
    await pilot.pause()


def ids(sizes: list[tuple[int, int]], themes: list[str | None]) -> list[str]:
    return [f"{w}x{h}-{t or 'dark'}" for w, h in sizes for t in themes]


CASES = [(size, theme) for size in SIZES for theme in THEMES]


@pytest.mark.parametrize(("size", "theme"), CASES, ids=ids(SIZES, THEMES))
def test_meeting_bar_over_time(snap_compare: Any, size: tuple[int, int], theme: str | None) -> None:
    app, now = frozen_app(theme)

    async def run_before(pilot: Any) -> None:
        await start_meeting(app, pilot)
        now[0] += 4 * 60
        await pilot.press("greater_than_sign")  # item 2: step 5, 10 min
        now[0] += 12 * 60 + 31  # over by 2:31
        app.refresh_meeting_bar()
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES, ids=["dark", "projector"])
def test_meeting_start_dialog(snap_compare: Any, theme: str | None) -> None:
    app, _now = frozen_app(theme)

    async def run_before(pilot: Any) -> None:
        await settle(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize(("size", "theme"), CASES, ids=ids(SIZES, THEMES))
def test_end_meeting_dialog(snap_compare: Any, size: tuple[int, int], theme: str | None) -> None:
    app, now = frozen_app(theme)

    async def run_before(pilot: Any) -> None:
        await start_meeting(app, pilot)
        # step 5 under the dialog: step 4's period table scrolls to its end at its own pace
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        now[0] += 3 * 60 + 10
        app.refresh_meeting_bar()  # not left to the once-a-second tick: the same picture each run
        await pilot.press("m")
        await settle(app, pilot)  # the step under the dialog finishes drawing first
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize(("size", "theme"), CASES, ids=ids(SIZES, THEMES))
def test_presentation_mode(snap_compare: Any, size: tuple[int, int], theme: str | None) -> None:
    app, _now = frozen_app(theme)

    async def run_before(pilot: Any) -> None:
        await settle(app, pilot)
        await pilot.press("6", "p", "down")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES, ids=["dark", "projector"])
def test_action_dialog_with_errors(snap_compare: Any, theme: str | None) -> None:
    app, _now = frozen_app(theme)

    async def run_before(pilot: Any) -> None:
        await settle(app, pilot)
        await pilot.press("7", "a")
        await pilot.pause()
        pilot.app.screen.query_one("#action-due", Input).value = "18/12/2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
