"""Step 1: the strategy of the open cycle and the CSI register, filterable and sortable."""

from __future__ import annotations

from pathlib import Path

from charts_fixture import plain
from textual.widgets import DataTable
from tui_helpers import AppFactory, build_workspace, settle, table_rows, text_of


async def test_shows_vision_need_objectives_and_csfs(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = text_of(app, "#strategy-text")
        assert "Email that people never have to think about" in text
        assert "P1/P2 email outages stop sales for hours" in text
        assert "• Resolve P1/P2 incidents within 6 hours" in text
        assert "CSF2  Fixes that stick" in text
        assert "2026-10-01 → 2026-12-31, per month" in text


async def test_register_lists_every_opportunity_with_its_fields(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        rows = table_rows(app, "#register")
        # the state and due date before the owner and size: what must show at 80 columns
        assert rows[1] == [
            "CSI-002",
            "Faster P2 resolution",
            "in progress",
            "critical",
            "2026-12-31",
            "Lee",
            "L",
        ]
        assert rows[2][5] == "Kim"  # no actioned_by: the person who raised it
        assert rows[2][4] == "—"  # no due date


async def test_filter_keeps_matching_rows_and_escape_returns_to_the_table(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"email")  # the service is not a column: no match
        await pilot.pause()
        assert table_rows(app, "#register") == []
        await pilot.press(*["backspace"] * 5, *"p2")
        await pilot.pause()
        assert [r[0] for r in table_rows(app, "#register")] == ["CSI-002"]
        await pilot.press("escape")
        assert app.focused is not None and app.focused.id == "register"
        await pilot.press("s")  # keys reach the table again, not the filter
        await pilot.pause()
        assert [r[0] for r in table_rows(app, "#register")] == ["CSI-002"]


async def test_s_sorts_by_the_next_column_and_capital_s_reverses(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")  # by id
        await pilot.pause()
        assert [r[0] for r in table_rows(app, "#register")] == ["CSI-001", "CSI-002", "CSI-003"]
        await pilot.press("S")  # reversed
        await pilot.pause()
        assert [r[0] for r in table_rows(app, "#register")] == ["CSI-003", "CSI-002", "CSI-001"]
        await pilot.press("s", "s", "s")  # description, state, then priority in its natural order
        await pilot.pause()
        assert [r[3] for r in table_rows(app, "#register")] == ["critical", "high", "low"]


async def test_o_opens_another_cycle(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        assert type(app.screen).__name__ == "CyclePicker"
        options = app.screen.query_one("#cycles")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(2)]  # type: ignore[attr-defined]
        assert prompts == [
            "● email-2026-q4  Email · Faster P1/P2 resolution  [review]",
            "  email-2026-q2  Email · Swarming pilot  [closed]",
        ]
        await pilot.press("down", "enter")  # newest first: q4 (open), then q2
        await settle(app, pilot)
        assert app.state.cycle_id == "email-2026-q2"
        assert app.state.compute is not None and app.state.compute.cycle_id == "email-2026-q2"
        assert "Swarming pilot" in text_of(app, "#title-line")


async def test_escape_leaves_the_cycle_picker_without_changes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o", "down", "escape")
        await settle(app, pilot)
        assert app.state.cycle_id == "email-2026-q4"
        assert app.current_mode == "strategy"


async def test_at_80_columns_the_register_shows_id_to_due_without_scrolling(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table: DataTable[str] = app.screen.query_one("#register", DataTable)
        columns = list(table.columns.values())
        labels = [str(c.label) for c in columns[:5]]
        assert labels == ["id", "description", "state", "priority", "due"]
        assert sum(c.get_render_width(table) for c in columns[:5]) <= 80 - 2
        assert "in progress" in table_rows(app, "#register")[1]  # the state word whole


async def test_long_strategy_text_wraps_under_its_own_text(tmp_path: Path) -> None:
    from csi_tui.tui.screens.step1_strategy import strategy_text

    cycle = build_workspace(tmp_path).cycle("email-2026-q4")
    lines = [line for line in plain(strategy_text(cycle), width=44).splitlines() if line.strip()]
    assert lines[0].startswith("Cycle      email-2026-q4")
    for line in lines[1:]:
        label, value = line[:11], line[11:]
        assert label.strip() in ("", "Vision", "Need", "Objectives", "CSFs"), line
        assert value and not value.startswith(" "), line
