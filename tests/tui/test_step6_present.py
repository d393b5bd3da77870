"""Step 6 Present: scorecard, conclusions, decision and notes, key charts."""

from __future__ import annotations

from dataclasses import replace

from charts_fixture import make_app, make_workspace, plain, settle
from textual.containers import VerticalScroll
from textual.widgets import Static

from csi_tui.tui.screens.step5_analyse import AnalyseScreen
from csi_tui.tui.screens.step6_present import PresentScreen
from csi_tui.tui.widgets.metric_chart import MetricChart
from csi_tui.tui.widgets.scorecard import Scorecard


async def _open_step6(app, pilot) -> PresentScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("6")
    await settle(app, pilot)
    assert isinstance(app.screen, PresentScreen)
    return app.screen


async def test_scorecard_conclusions_decision_and_notes() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step6(app, pilot)
        card = screen.query_one(Scorecard)
        assert card.row_count == 4
        assert [r.badge for r in card.rows_shown] == [
            "▲ MET",
            "● AT RISK",
            "▼ MISSED",
            "? NO TARGET",
        ]
        # at 80 columns the unit moves into the name so that every column fits
        first = [str(c) for c in card.get_row_at(0)]
        assert first[:5] == ["▲ MET", "MTTR P1/P2 (h)", "6.1", "6", "-4.7 better"]
        assert card.virtual_size.width <= card.size.width  # no horizontal scrolling
        heading = plain(screen.query_one("#scorecard-heading", Static).content)
        assert "latest period 2026-12" in heading
        conclusions = plain(screen.query_one("#conclusions", Static).content)
        assert "▲ MET" in conclusions and "MTTR P1/P2 is met" in conclusions
        meeting = plain(screen.query_one("#meeting", Static).content)
        assert "ADOPT" in meeting and "by CAB" in meeting
        assert "MTTR halved with no rise in reopens" in meeting
        # newest note first
        assert meeting.index("2026-12-01: Vendor") < meeting.index("2026-11-03 (Ana)")


async def test_key_charts_metrics_with_targets_first() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_step6(app, pilot)
        first = [str(c) for c in screen.query_one(Scorecard).get_row_at(0)]
        assert first[:5] == ["▲ MET", "MTTR P1/P2", "6.1 h", "6.0 h", "-4.7 h (-44%) better"]
        charts = list(screen.query("#key-charts MetricChart").results(MetricChart))
        assert [c.name for c in charts] == ["mttr", "sla", "reopen", "backlog"]
        assert charts[0].spec is not None and charts[0].spec.target == 6.0
        assert not screen.query_one("#key-charts").has_class("-narrow")


async def test_keys_move_scroll_and_open_the_analysis() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step6(app, pilot)
        assert screen.query_one("#key-charts").has_class("-narrow")  # one chart a row at 80
        await pilot.press("down")
        await pilot.pause()
        assert app.state.metric_id == "sla"
        assert screen.query_one(Scorecard).cursor_row == 1
        page = screen.query_one("#present", VerticalScroll)
        assert page.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert page.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert page.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert page.scroll_y > 0
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AnalyseScreen)
        assert app.state.metric_id == "sla"


async def test_no_decision_no_notes_no_analysis() -> None:
    workspace = make_workspace()
    bare = replace(workspace.cycles[1], decisions=(), notes=())
    app = make_app(workspace=replace(workspace, cycles=(workspace.cycles[0], bare)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step6(app, pilot)
        meeting = plain(screen.query_one("#meeting", Static).content)
        assert "none recorded yet" in meeting and "none yet" in meeting
        app.state = replace(app.state, analysis=None)
        await pilot.pause()
        assert "No analysis yet" in plain(screen.query_one("#conclusions", Static).content)
        # without analysis nothing is claimed as met
        assert {r.badge for r in screen.query_one(Scorecard).rows_shown} == {"? NO TARGET"}


async def test_the_scorecard_follows_the_theme() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step6(app, pilot)
        card = screen.query_one(Scorecard)
        dark = card.get_row_at(0)[0].style
        app.theme = "projector"
        await pilot.pause()
        assert card.get_row_at(0)[0].style != dark


async def test_key_charts_follow_a_new_order_without_a_duplicate_id() -> None:
    """A target removed (or an adoption opening the next cycle) reorders the key charts; the
    old charts are still being removed when the new ones mount, so ids must not clash (this
    crashed the app with DuplicateIds after an adoption)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_step6(app, pilot)
        state = app.state
        assert state.cycle is not None
        first = state.cycle.metrics[0]
        metrics = (replace(first, target=None), *state.cycle.metrics[1:])
        untargeted = replace(state.cycle, metrics=metrics)
        screen._show_charts(untargeted, state)  # mttr moves behind the metrics with targets
        screen._show_charts(state.cycle, state)  # and back, before the first removal is done
        await settle(app, pilot)
        charts = list(screen.query("#key-charts MetricChart").results(MetricChart))
        assert [c.name for c in charts] == ["mttr", "sla", "reopen", "backlog"]
