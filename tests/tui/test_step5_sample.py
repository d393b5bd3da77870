"""Steps 4, 5 and 6 over the real engine and analysis: the sample workspace, and help on `?`."""

from __future__ import annotations

import asyncio
import io
import shutil
from pathlib import Path

import pytest
from charts_fixture import make_app, plain, settle
from rich.console import Console
from textual.widgets import MarkdownViewer, Static

from csi_tui.tui.app import CsiApp
from csi_tui.tui.screens.help_screen import HelpScreen
from csi_tui.tui.widgets.metric_chart import MetricChart
from csi_tui.tui.widgets.metric_list import MetricList
from csi_tui.tui.widgets.period_table import PeriodTable
from csi_tui.tui.widgets.scorecard import Scorecard


async def _loaded(app: CsiApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(100):  # the real engine: wait until loading has finished
        await settle(app, pilot)
        if app.state.loaded and app.state.busy is None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"still loading: {app.state.busy}")


async def test_the_sample_workspace_on_steps_4_5_6(sample_workspace: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "sample"
    shutil.copytree(sample_workspace, workspace)
    app = CsiApp(workspace, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(app, pilot)
        assert app.state.compute is not None and app.state.analysis is not None
        cycle = app.state.cycle
        assert cycle is not None
        await pilot.press("4")
        await settle(app, pilot)
        table = app.screen.query_one(PeriodTable)
        assert table.row_count == len(cycle.metrics)
        await settle(app, pilot)  # earlier cycles of the service, computed in a worker
        spec = app.screen.query_one("#process-chart", MetricChart).spec
        assert spec is not None and any(not s.current for s in spec.segments)
        await pilot.press("5")
        await settle(app, pilot)
        items = app.screen.query_one(MetricList).items
        assert [i.metric_id for i in items] == [m.id for m in cycle.metrics]
        assert all(i.glyph in "▲●▼?" for i in items)
        text = plain(app.screen.query_one("#numbers-text", Static).content)
        assert "Status" in text and "Verdict" in text
        chart = app.screen.query_one("#analyse-chart", MetricChart)
        assert chart.spec is not None and chart.spec.phases  # control limits from the analysis
        await pilot.press("down")
        await settle(app, pilot)
        assert app.state.metric_id == cycle.metrics[1].id
        await pilot.press("6")
        await settle(app, pilot)
        card = app.screen.query_one(Scorecard)
        assert card.row_count == len(cycle.metrics)
        assert card.cursor_row == 1  # the shared selection
        assert not app._exception


@pytest.mark.parametrize(("step", "title"), [(4, "Process"), (5, "Analyse"), (6, "Present")])
async def test_help_shows_the_page_of_the_step(step: int, title: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(str(step))
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        source = app.screen.query_one(MarkdownViewer).document.source
        assert source.startswith(f"# Step {step} · {title}")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_status_shift_trend_assure_guard_show_at_80x24_without_scrolling(
    sample_workspace: Path, tmp_path: Path
) -> None:
    workspace = tmp_path / "sample"
    shutil.copytree(sample_workspace, workspace)
    app = CsiApp(workspace, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(app, pilot)
        await pilot.press("5")
        await settle(app, pilot)
        analysis = app.state.analysis
        assert analysis is not None and app.state.metric_id is not None
        found = analysis.metric(app.state.metric_id)
        pane = app.screen.query_one("#numbers")
        static = app.screen.query_one("#numbers-text", Static)
        # The pane's text as it wraps at its width; only its first `height` lines are on screen.
        console = Console(
            width=static.content_region.width, file=io.StringIO(), color_system=None, record=True
        )
        console.print(static.content)
        lines = console.export_text().splitlines()
        visible = lines[: pane.scrollable_content_region.height]
        assert pane.scroll_y == 0
        titles = [line.split()[0] for line in visible if line and not line.startswith(" ")]
        # The five lines of the DESIGN sketch, in its order, all on screen.
        assert titles[:5] == ["Status", "Shift", "Trend", "Assure", "Guard"]
        # The status sentence once: not again inside the verdict.
        words = " ".join(" ".join(lines).split())
        assert words.count("of the planned gain") == 1
        assert found.lines["status"].split("   ", 1)[1] in words
        keys = [b.binding.key_display for b in app.active_bindings.values() if b.binding.show]
        assert "PgDn" in keys  # the footer says how to reach the numbers below
