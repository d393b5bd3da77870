"""Snapshots of steps 1, 2, 3, 7 and the help screen at 80x24 and 120x40, dark and light.

Deterministic: the Python-built workspace and the fake engine (no clock, no random ids), paths
shown relative to the workspace, the filter's cursor not blinking. Regenerate with
``pytest tests/tui/test_snapshots_shell.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import AppFactory

SIZES = [(80, 24), (120, 40)]


def prepare(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("step", ["1", "2", "3", "7"])
def test_step(snap_compare: Any, make_app: AppFactory, step: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=prepare(step))


@pytest.mark.parametrize("step", ["1", "2", "3", "7"])
def test_step_in_the_light_theme(snap_compare: Any, make_app: AppFactory, step: str) -> None:
    app = make_app(theme="projector")
    assert snap_compare(app, terminal_size=(80, 24), run_before=prepare(step))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_help(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=prepare("3", "question_mark"))


def test_help_in_the_light_theme(snap_compare: Any, make_app: AppFactory) -> None:
    app = make_app(theme="projector")
    assert snap_compare(app, terminal_size=(80, 24), run_before=prepare("1", "f1"))


def test_filtered_register(snap_compare: Any, make_app: AppFactory) -> None:
    press = prepare("slash", "p", "2")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=press)
