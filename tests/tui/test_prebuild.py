"""Building the step screens ahead of their first visit: queued as their modules are imported, and
a step visited while its screen is being built is handed that screen, not a second one."""

from __future__ import annotations

import asyncio

import pytest
from tui_helpers import AppFactory, settle

from csi_tui.tui.app import WARM_UP_ORDER, CsiApp, screen_class


def _without_warm_up(app: CsiApp) -> CsiApp:
    # The test queues the builds itself, so nothing is built behind its back.
    app.warm_up = lambda modes: None  # type: ignore[method-assign,assignment,return-value]
    return app


async def _until_building(app: CsiApp, mode: str) -> None:
    # Polled at every turn of the loop: a build spans many turns, so it is caught half-way.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 5.0  # only a guard against hanging, not a speed check
    while loop.time() < deadline:
        if mode in app.prebuilding:
            return
        await asyncio.sleep(0)
    raise AssertionError(f"{mode} was never being built")


async def test_a_step_visited_while_being_built_is_shown_with_that_screen(
    make_app: AppFactory,
) -> None:
    app = _without_warm_up(make_app())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.prebuild_screens(["measures"])
        await _until_building(app, "measures")
        building = app.prebuilding["measures"]
        assert not building.is_mounted  # caught half-built
        app.action_step(2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.current_mode == "measures"
        assert app.screen is building and building.is_mounted
        assert app.prebuilt == {} and app.prebuilding == {}
        await pilot.press("1", "2")
        await pilot.pause()
        assert app.screen is building  # still the one screen of the step


async def test_screens_queued_while_a_build_runs_are_all_built(make_app: AppFactory) -> None:
    app = _without_warm_up(make_app())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.prebuild_screens(["measures"])
        await _until_building(app, "measures")
        app.prebuild_screens(["gather", "measures", "implement"])  # one already queued
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list(app.prebuilt) == ["measures", "gather", "implement"]
        assert all(screen.is_mounted for screen in app.prebuilt.values())


def test_the_light_steps_are_warmed_up_before_the_analysis_steps() -> None:
    # Steps 4-6 import the analysis (scipy); the others must not wait behind them.
    heavy = [WARM_UP_ORDER.index(m) for m in ("process", "analyse", "present")]
    light = [WARM_UP_ORDER.index(m) for m in ("measures", "gather", "implement")]
    assert max(light) < min(heavy)
    assert sorted(WARM_UP_ORDER) == sorted(
        ("strategy", "measures", "gather", "process", "analyse", "present", "implement")
    )


async def test_nothing_is_built_ahead_while_a_cycle_loads(make_app: AppFactory) -> None:
    # While a load runs its workers hold the CPU and the GIL; a key arriving behind a build step
    # waited for it. Visited steps are still built by their visit; the rest wait for the load.
    app = _without_warm_up(make_app())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app._set_state(busy="Computing a large cycle")
        app.prebuild_screens(["measures", "gather"])
        for _ in range(10):  # many turns of the prebuild loop's 20 ms pauses
            await asyncio.sleep(0.03)
        assert app.prebuilt == {} and app.prebuilding == {}
        app.action_step(3)  # a visit builds its own step meanwhile
        await pilot.pause()
        assert app.current_mode == "gather" and app.screen.is_mounted
        app._set_state(busy=None)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list(app.prebuilt) == ["measures"]  # gather was built by its visit
        assert app.prebuilt["measures"].is_mounted


@pytest.mark.parametrize("mode", WARM_UP_ORDER)
async def test_a_step_mounted_after_the_app_stopped_sets_nothing_up(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    # A step being built ahead when the user quits gets its mount (and resize) event after the
    # app has stopped, without its nested widgets: its handlers looked for them and raised
    # NoMatches, and the app exited with a traceback (seen in CI, 3 runs in 16 of a test that
    # quits right after loading). Here the screen has no widgets at all and the app has stopped.
    app = _without_warm_up(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = screen_class(mode)()
        monkeypatch.setattr(CsiApp, "is_running", property(lambda _self: False))
        screen.on_mount()  # type: ignore[attr-defined]
        if hasattr(screen, "on_resize"):
            screen.on_resize()
        monkeypatch.undo()  # the app closes as usual
        assert not screen.children
