"""Helpers for the edit form tests: the sample workspace on the real engine, counting computes."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

from charts_fixture import settle
from textual.widgets import Input, Select, Static, TextArea

from csi_tui.tui import services
from csi_tui.tui.app import CsiApp
from csi_tui.tui.services import Services

CYCLE = "cycles/email-2026-p1p2-mttr.toml"


class CountingApp(CsiApp):
    """The real core, with the number of computes counted."""

    computes = 0

    def __init__(self, root: Path) -> None:
        def compute(cycle: Any, progress: Any = None, previous: Any = None) -> Any:
            type(self).computes += 1
            return services.compute(cycle, progress, previous)

        type(self).computes = 0
        super().__init__(root, services=Services(compute=compute), watch_files=False)


def copy_sample(sample: Path, tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    shutil.copytree(sample, root)
    return root


async def loaded(app: CsiApp, pilot: Any) -> None:
    for _ in range(300):
        await settle(app, pilot)
        if app.state.loaded and app.state.busy is None and app.state.analysis is not None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"still loading: {app.state.busy}")


async def type_into(pilot: Any, name: str, text: str) -> None:
    """Replace a form field's text the way a user would: focus it, clear it, type."""
    widget = pilot.app.screen.query_one(f"#field-{name}")
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input):
        widget.value = ""
    elif isinstance(widget, TextArea):
        widget.text = ""
    if len(text) <= 4:
        await pilot.press(*[_key(c) for c in text])  # real keys
    elif isinstance(widget, Input):
        widget.insert_text_at_cursor(text)  # as a paste: one change (keys are slow in a busy CI)
    elif isinstance(widget, TextArea):
        widget.insert(text)
    await checked(pilot)


async def checked(pilot: Any) -> None:
    """Past the debounce, and the check's worker done."""
    await pilot.pause(0.3)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _key(char: str) -> str:
    names = {
        " ": "space", ".": "full_stop", ",": "comma", "-": "minus", "(": "left_parenthesis",
        ")": "right_parenthesis", "'": "apostrophe", "=": "equals_sign", "|": "vertical_line",
        "_": "underscore", "/": "slash",
    }  # fmt: skip
    return names.get(char, char)


async def choose(pilot: Any, name: str, value: str) -> None:
    select = pilot.app.screen.query_one(f"#field-{name}", Select)
    select.value = value
    await checked(pilot)


def error_text(app: CsiApp, name: str) -> str:
    """The field's problem line; "" when it never had one (the line is mounted on the first)."""
    lines = app.screen.query(f"#{name}-error")
    return str(lines.first(Static).render()) if lines else ""


def comment_lines(text: str) -> list[str]:
    return [line[line.find("#") :] for line in text.splitlines() if "#" in line]
