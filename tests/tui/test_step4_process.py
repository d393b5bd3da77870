"""Step 4 Process: the period table, the history chart and the breakdown pane."""

from __future__ import annotations

from dataclasses import replace

from charts_fixture import EARLIER_MTTR, MTTR, make_app, settle

from csi_tui.errors import CsiError
from csi_tui.tui.screens.step4_process import ProcessScreen
from csi_tui.tui.widgets.breakdown import OTHER, BreakdownTable
from csi_tui.tui.widgets.metric_chart import MetricChart
from csi_tui.tui.widgets.period_table import PAD, PeriodTable


async def _open_step4(app, pilot) -> ProcessScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("4")
    await settle(app, pilot)
    assert isinstance(app.screen, ProcessScreen)
    return app.screen


async def test_every_metric_per_period_with_the_incomplete_period_marked() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step4(app, pilot)
        table = screen.query_one(PeriodTable)
        assert table.row_count == 4
        periods = [c for c in table.ordered_columns[1:] if c.key.value != PAD]
        assert len(periods) == 12
        grid = table.grid
        assert grid is not None
        assert grid.periods[0] == "2026-01" and grid.periods[-1] == "2026-12"
        assert grid.incomplete == {"2026-12"}
        assert "○" in str(periods[-1].label)
        assert "○ incomplete (not over, or past the data's end)" in str(table.border_title)
        mttr = dict((r[0], r[2]) for r in grid.rows)["mttr"]
        assert mttr[0] == "11.0" and mttr[-1] == "6.1"  # one decimal for the whole row
        assert dict((r[0], r[1]) for r in grid.rows)["sla"] == "SLA met (%)"
        # the latest periods are in view
        assert table.scroll_x == table.max_scroll_x > 0
        # ... and the first one beside the names is whole: it starts where the view starts
        starts = [0]
        for column in periods:
            starts.append(starts[-1] + column.get_render_width(table))
        assert table.scroll_x in starts
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert table.scroll_x < table.max_scroll_x
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert table.scroll_x == table.max_scroll_x


async def test_the_chart_spans_earlier_cycles_of_the_service() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step4(app, pilot)
        await settle(app, pilot)  # the earlier cycle is computed in a worker
        spec = screen.query_one("#process-chart", MetricChart).spec
        assert spec is not None
        assert spec.values == EARLIER_MTTR + MTTR
        assert [(s.label, s.current) for s in spec.segments] == [
            ("email-2025h2", False),
            ("email-2026", True),
        ]
        assert spec.phases == ()  # limits belong to step 5
        assert spec.change_at is not None and spec.change_at > len(EARLIER_MTTR)
        computed = len(screen.history)
        await pilot.press("5", "4")  # switching steps recomputes nothing
        await settle(app, pilot)
        assert len(screen.history) == computed == 1


async def test_an_earlier_cycle_that_fails_only_drops_out_of_the_chart() -> None:
    app = make_app()
    real = app.services.compute

    def compute(cycle, progress=None, previous=None):  # type: ignore[no-untyped-def]
        if cycle.id == "email-2025h2":
            raise CsiError.one("data file missing")
        return real(cycle, progress)

    app.services = replace(app.services, compute=compute)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step4(app, pilot)
        await settle(app, pilot)
        spec = screen.query_one("#process-chart", MetricChart).spec
        assert spec is not None and spec.values == MTTR and spec.segments == ()


async def test_up_down_select_the_metric_in_table_and_chart() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step4(app, pilot)
        await pilot.press("down", "down")
        await pilot.pause()
        assert app.state.metric_id == "reopen"
        assert screen.query_one(PeriodTable).cursor_row == 2
        spec = screen.query_one("#process-chart", MetricChart).spec
        assert spec is not None and spec.title.startswith("Reopen rate")
        await pilot.press("up")
        await pilot.pause()
        assert app.state.metric_id == "sla"


async def test_b_steps_through_breakdown_dimensions_with_top_n_and_other() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_step4(app, pilot)
        pane = screen.query_one(BreakdownTable)
        assert not pane.display or not pane.has_class("-shown")
        await pilot.press("b")
        await pilot.pause()
        assert pane.has_class("-shown") and pane.data is not None
        assert pane.data.dimension == "priority"
        # top_n = 3 for MTTR: the three busiest priorities, then the rest as "other"
        assert [r.group for r in pane.data.rows] == ["P3", "P2", "P4", OTHER]
        assert "by priority" in str(pane.border_title)
        await pilot.press("b")
        await pilot.pause()
        assert pane.data.dimension == "assignment_group"
        assert [r.group for r in pane.data.rows][:3] == ["Service Desk", "Messaging", "Network"]
        assert pane.data.rows[-1].group == OTHER
        await pilot.press("b")
        await pilot.pause()
        assert not pane.has_class("-shown")
        # a metric without breakdowns says so instead of showing an empty pane
        await pilot.press("down", "b")
        await pilot.pause()
        assert not pane.has_class("-shown")
        assert any("no breakdowns" in n.message for n in app._notifications)


async def test_left_right_move_between_panes() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step4(app, pilot)
        assert app.focused is screen.query_one(PeriodTable)
        await pilot.press("right")
        assert app.focused is screen.query_one("#process-chart")
        await pilot.press("right")  # no breakdown shown: back to the table
        assert app.focused is screen.query_one(PeriodTable)
        await pilot.press("b", "left")
        assert app.focused is screen.query_one(BreakdownTable)
        await pilot.press("tab")
        assert app.focused is not None


async def test_before_the_results_arrive() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step4(app, pilot)
        app.state = replace(app.state, compute=None, analysis=None, busy="Computing email-2026")
        await pilot.pause()
        table = screen.query_one(PeriodTable)
        assert len(table.columns) == 1 and table.row_count == 4
        assert "Computing" in str(table.border_title)
        await pilot.press("b")  # nothing to break down yet: no error
        await pilot.pause()


async def test_brackets_scroll_the_periods_by_whole_columns() -> None:
    # Seen in tmux: [ and ] moved by half the width in cells, leaving "6-06" for 2026-06.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step4(app, pilot)
        table = screen.query_one(PeriodTable)
        starts = [0]
        for column in [c for c in table.ordered_columns[1:] if c.key.value != PAD]:
            starts.append(starts[-1] + column.get_render_width(table))
        assert table.scroll_x == table.max_scroll_x > 0
        seen = [table.scroll_x]
        for _ in range(12):
            await pilot.press("left_square_bracket")
            await pilot.pause()
            assert table.scroll_x in starts, (table.scroll_x, starts)
            seen.append(table.scroll_x)
        assert seen[-1] == 0 and len(set(seen)) > 2  # several whole steps back to the first
        for _ in range(12):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert table.scroll_x in starts, (table.scroll_x, starts)
        assert table.scroll_x == table.max_scroll_x
