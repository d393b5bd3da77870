"""Snapshots of the raw editor and the conflict dialog at 80x24 and 120x40, dark and projector.

Deterministic: the Python-built workspace written as files, the fake engine, paths relative to
the workspace, no cursor blink, notifications cleared. Regenerate with
``pytest tests/tui/test_snapshots_editing.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from editing_helpers import files_app, write_files_workspace
from textual.pilot import Pilot
from textual.widgets import TextArea

from csi_tui.cycle import edit

SIZES = [(80, 24), (120, 40)]
THEMES = ["csi-dark", "projector"]


async def _loaded(pilot: Pilot[Any]) -> None:
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if pilot.app.state.loaded and pilot.app.state.busy is None:  # type: ignore[attr-defined]
            return
    raise AssertionError("the workspace did not load")


async def _still(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()  # screens built ahead, off the busy loop
    await pilot.pause()  # the dialog shown, the notifications posted
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
        area.focus()  # where the editor puts it; drawn only when focused
    pilot.app.clear_notifications()
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_raw_editor(snap_compare: Any, tmp_path: Path, size: tuple[int, int], theme: str) -> None:
    write_files_workspace(tmp_path / "ws")

    async def run_before(pilot: Pilot[Any]) -> None:
        await _loaded(pilot)
        await pilot.press("E")
        await pilot.pause()
        editor = pilot.app.screen.query_one(TextArea)
        # An invalid target: the problem list shows under the text, the cursor on it.
        editor.load_text(editor.text.replace("target = 6.0", 'target = "six"'))
        await pilot.press("ctrl+s")
        await _still(pilot)

    app = files_app(tmp_path / "ws", theme=theme)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_conflict_dialog(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int], theme: str
) -> None:
    path = write_files_workspace(tmp_path / "ws")

    async def run_before(pilot: Pilot[Any]) -> None:
        await _loaded(pilot)
        path.write_text(path.read_text().replace("Faster P1/P2 resolution", "Faster P1s"))
        pilot.app.save_cycle_edit(  # type: ignore[attr-defined]
            "target of MTTR P1/P2", lambda c: edit.set_metric_values(c, "mttr", target=5.5)
        )
        await _still(pilot)

    app = files_app(tmp_path / "ws", theme=theme)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
