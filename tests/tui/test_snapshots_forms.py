"""Snapshots of the metric form and the strategy form at 80x24 and 120x40, dark and projector.

The Python-built workspace and the fake engine, as the shell snapshots; cursors do not blink.
Regenerate with ``pytest tests/tui/test_snapshots_forms.py --snapshot-update`` and look at them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from tui_helpers import AppFactory

from csi_tui.cycle.model import Workspace

SIZES = [(80, 24), (120, 40)]
# The columns the metrics name, so the forms show a clean draft (the shell's stub has two).
HEADER = "number,opened_at,resolved_at,priority,reopen_count,made_sla,score\n"


@pytest.fixture(autouse=True)
def _data_with_columns(workspace: Workspace) -> None:
    (workspace.root / "data" / "incidents.csv").write_text(HEADER + "INC1,2026-01-01,,1,0,,\n")


THEMES = ["csi-dark", "projector"]


def open_form(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()  # the form reads the source's columns
        await pilot.pause(0.3)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_metric_form(
    snap_compare: Any, make_app: AppFactory, size: tuple[int, int], theme: str
) -> None:
    app = make_app(theme=theme)
    assert snap_compare(app, terminal_size=size, run_before=open_form("2", "e"))


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_strategy_form(
    snap_compare: Any, make_app: AppFactory, size: tuple[int, int], theme: str
) -> None:
    app = make_app(theme=theme)
    assert snap_compare(app, terminal_size=size, run_before=open_form("1", "e"))


def test_metric_form_with_problems(snap_compare: Any, make_app: AppFactory) -> None:
    """A target that is not a number and an unknown breakdown column, beside their fields."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_form("2", "e")(pilot)
        screen = pilot.app.screen
        screen.query_one("#field-target", Input).value = "six"
        screen.query_one("#field-breakdowns", Input).value = "prioity"
        await pilot.pause(0.3)
        screen.query_one("#field-target", Input).focus()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
