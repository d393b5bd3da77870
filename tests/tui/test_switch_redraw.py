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


async def _wait_for_prebuild(app: CsiApp, pilot: object) -> None:
    """The screens are built by a worker that starts when the imports are done."""
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]
        if not any(w.group in ("warm", "prebuild") and w.is_running for w in app.workers):
            return
    raise AssertionError("the step screens were never built")


async def test_step_screens_are_built_ahead_and_shown_as_built(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _wait_for_prebuild(app, pilot)
        assert set(app.prebuilt) == {
            "measures",
            "gather",
            "process",
            "analyse",
            "present",
            "implement",
        }
        built = dict(app.prebuilt)
        assert all(screen.is_mounted for screen in built.values())
        modes = ("measures", "gather", "process", "analyse", "present", "implement")
        for key, mode in zip("234567", modes, strict=True):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is built[mode]  # the screen built ahead, not a new one
            # Its first frame is the one a first visit with a full restyle gives.
            first = app.export_screenshot()
            assert first == await _restyled_picture(app, pilot)
        assert app.prebuilt == {}


async def test_a_step_out_of_sight_catches_up_later_and_before_it_shows(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _wait_for_prebuild(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        measures = app.screen
        shown: list[object] = []
        original = measures.show_state
        measures.show_state = lambda state: (shown.append(state), original(state))  # type: ignore[method-assign]
        await pilot.press("1")
        await pilot.pause()
        app.select_metric("reopen")
        assert shown == []  # not at once: the step is out of sight
        await pilot.pause()
        assert shown and shown[-1] is app.state  # caught up in its own time
        shown.clear()
        app.select_metric("mttr")
        await pilot.press("2")
        await pilot.pause()
        assert shown[-1] is app.state and app.screen is measures
        assert len(shown) == 1


def test_loading_threads_run_at_a_lower_priority_than_the_ui() -> None:
    import os
    import threading

    from csi_tui.tui.loading import background_priority

    if not hasattr(os, "setpriority"):
        return  # nothing to lower on this system
    ui = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: list[int] = []

    def worker() -> None:
        background_priority()
        background_priority()  # twice changes nothing more
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == [min(19, ui + 10)]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == ui  # the UI is untouched
