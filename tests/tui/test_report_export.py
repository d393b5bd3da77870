"""Exporting the report from the TUI: the palette's two commands and ctrl+e write it beside the
cycle file in a worker and say where; a folder that cannot be written says so, nothing else."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from charts_fixture import settle
from tui_helpers import notified

from csi_tui.tui.app import CsiApp
from csi_tui.tui.commands import CsiCommands


async def _loaded(app: CsiApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(200):
        await settle(app, pilot)
        if app.state.loaded and app.state.busy is None and app.state.analysis is not None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"still loading: {app.state.busy}")


async def _exported(app: CsiApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def workspace(sample_workspace: Path, tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    shutil.copytree(sample_workspace, root)
    return root


async def test_the_palette_exports_markdown_and_html(workspace: Path) -> None:
    app = CsiApp(workspace, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(app, pilot)
        commands = {text: callback for text, _help, callback in CsiCommands(app.screen).commands()}
        commands["Export the report (Markdown)"]()
        await _exported(app, pilot)
        md = workspace / "cycles" / "email-2026-p1p2-mttr-report.md"
        assert md.read_text(encoding="utf8").startswith("# Faster P1/P2 resolution (Email)")
        assert notified(app, "Written to cycles/email-2026-p1p2-mttr-report.md")
        commands["Export the report (HTML)"]()
        await _exported(app, pilot)
        html = md.with_suffix(".html")
        assert html.read_text(encoding="utf8").startswith("<!DOCTYPE html>")
        assert "p < 0.001" not in html.read_text(encoding="utf8")  # the business audience


async def test_ctrl_e_exports_html_and_an_unwritable_path_is_reported(workspace: Path) -> None:
    app = CsiApp(workspace, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(app, pilot)
        await pilot.press("6")
        await pilot.press("ctrl+e")
        await _exported(app, pilot)
        html = workspace / "cycles" / "email-2026-p1p2-mttr-report.html"
        assert html.read_text(encoding="utf8").startswith("<!DOCTYPE html>")
        assert notified(app, "Written to cycles/email-2026-p1p2-mttr-report.html")
        # a folder where the report goes: nothing can be written there (even as root)
        html.unlink()
        html.mkdir()
        await pilot.press("ctrl+e")
        await _exported(app, pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and str(html) in str(errors[0].message)
        assert errors[0].title == "Report not written"
        assert html.is_dir() and not list(html.parent.glob(".*.tmp"))
