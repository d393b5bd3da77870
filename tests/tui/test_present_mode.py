"""Presentation mode: no editing chrome, arrows move through the metrics, escape (or p) leaves."""

from __future__ import annotations

from charts_fixture import make_app, settle
from textual.widgets import Footer

from csi_tui.tui.screens.present_mode import PresentMode
from csi_tui.tui.screens.step6_present import PresentScreen
from csi_tui.tui.widgets.step_bar import StepBar


def status_line(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#present-status").render()).strip()


async def test_keys_move_through_the_metrics_and_leave() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "p")  # from any step: it opens over step 6
        await settle(app, pilot)
        assert isinstance(app.screen, PresentMode)
        assert not app.screen.query(Footer) and not app.screen.query(StepBar)
        cycle = app.state.cycle
        assert cycle is not None
        ids = [m.id for m in cycle.metrics]
        assert app.state.metric_id in (None, ids[0])
        assert status_line(app) == "▲ MET"
        await pilot.press("down")
        await settle(app, pilot)
        assert app.state.metric_id == ids[1] and status_line(app) == "● AT RISK"
        await pilot.press("right", "right")
        await settle(app, pilot)
        assert app.state.metric_id == ids[3]
        await pilot.press("left")
        await settle(app, pilot)
        assert app.state.metric_id == ids[2] and status_line(app) == "▼ MISSED"
        await pilot.press("up", "up", "up")  # stops at the first
        await settle(app, pilot)
        assert app.state.metric_id == ids[0]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PresentMode)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen)
