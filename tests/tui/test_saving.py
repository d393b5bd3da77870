"""Saving an edit from the app: the file changes, the state follows, a conflict saves nothing."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from charts_fixture import settle
from textual.widgets import Label

from csi_tui.cycle import edit
from csi_tui.tui.app import CsiApp
from csi_tui.tui.dialogs.conflict_dialog import ConflictDialog


async def _loaded(app: CsiApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(200):
        await settle(app, pilot)
        if app.state.loaded and app.state.busy is None and app.state.analysis is not None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"still loading: {app.state.busy}")


async def test_a_target_edit_saves_and_reanalyses(sample_workspace: Path, tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(sample_workspace, root)
    app = CsiApp(root, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(app, pilot)
        cycle = app.state.cycle
        assert cycle is not None and cycle.path is not None
        metric = cycle.metrics[0]
        before_compute = app.state.compute
        before_analysis = app.state.analysis
        saved = app.save_cycle_edit(
            "target changed",
            lambda c: edit.set_metric_values(c, metric.id, target=123.0),
            recompute="analysis",
        )
        assert saved is not None
        await _loaded(app, pilot)
        assert app.state.cycle is not None
        assert app.state.cycle.metric(metric.id).target == 123.0  # type: ignore[union-attr]
        assert "target = 123.0" in cycle.path.read_text()
        assert app.state.compute is before_compute  # the data was not computed again
        assert app.state.analysis is not before_analysis


async def test_a_file_changed_on_disk_is_not_overwritten(
    sample_workspace: Path, tmp_path: Path
) -> None:
    root = tmp_path / "sample"
    shutil.copytree(sample_workspace, root)
    app = CsiApp(root, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(app, pilot)
        cycle = app.state.cycle
        assert cycle is not None and cycle.path is not None
        theirs = cycle.path.read_text() + "\n# someone else's edit\n"
        cycle.path.write_text(theirs)
        saved = app.save_cycle_edit(
            "target changed",
            lambda c: edit.set_metric_values(c, c.metrics[0].id, target=1.0),
        )
        await pilot.pause()
        assert saved is None
        assert cycle.path.read_text() == theirs
        # The conflict dialog asks what to keep (tests/tui/test_conflict_dialog.py).
        assert isinstance(app.screen, ConflictDialog)
        assert "CHANGED ON DISK" in str(app.screen.query_one("#title", Label).render())
