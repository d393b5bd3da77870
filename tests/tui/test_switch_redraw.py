"""A step switch redraws nothing that did not change, and still shows exactly what it should.

The speed itself is measured in bench/bench_tui.py; these tests pin the behaviour the speed-up
relies on: a screen coming back is not restyled (so its tables keep their rendered lines) and its
footer keeps its key widgets, yet the picture is the one a full restyle would give.
"""

from __future__ import annotations

from textual.widgets import DataTable
from textual.widgets._footer import FooterKey
from tui_helpers import AppFactory, settle

from csi_tui.tui.app import CsiApp
from csi_tui.tui.widgets.stable_footer import StableFooter

STEP_KEYS = "1234567"


async def _restyled_picture(app: CsiApp, pilot: object) -> str:
    """The picture after forcing what a switch back now skips: a restyle of every widget."""
    app.screen.update_node_styles(animate=False)
    app.screen.refresh()
    await pilot.pause()  # type: ignore[attr-defined]
    return app.export_screenshot()


async def test_a_step_looks_the_same_after_a_round_trip(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before: dict[str, str] = {}
        for key in STEP_KEYS:
            await pilot.press(key)
            await pilot.pause()
            before[key] = app.export_screenshot()
        for key in STEP_KEYS:
            await pilot.press(key)
            await pilot.pause()
            assert app.export_screenshot() == before[key], f"step {key} changed on return"
            assert await _restyled_picture(app, pilot) == before[key]


async def test_a_switch_back_keeps_the_rendered_table_lines_and_footer_keys(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count > 0
        drawn = {key: table._line_cache[key] for key in list(table._line_cache.keys())}
        assert drawn  # the table has drawn its lines once
        keys = list(app.screen.query_one(StableFooter).query(FooterKey))
        assert keys
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        # The very same line objects: kept, not dropped and drawn again from nothing.
        assert all(table._line_cache.get(key) is line for key, line in drawn.items())
        assert list(app.screen.query_one(StableFooter).query(FooterKey)) == keys


async def test_a_theme_changed_while_a_step_was_away_shows_when_it_returns(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        old = app.export_screenshot()
        await pilot.press("1")
        await pilot.pause()
        themes = sorted(t for t in app.available_themes if t != app.theme)
        app.theme = "textual-light" if "textual-light" in themes else themes[0]
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        shown = app.export_screenshot()
        assert shown != old
        assert shown == await _restyled_picture(app, pilot)


async def test_a_resized_terminal_restyles_a_returning_step(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        shown = app.export_screenshot()
        assert shown == await _restyled_picture(app, pilot)


async def test_the_footer_follows_a_changed_key(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(StableFooter)
        assert any(key.key == "q" for key in footer.query(FooterKey))
        app.set_keymap({"quit": "ctrl+q"})
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert any(key.key == "ctrl+q" for key in footer.query(FooterKey))
