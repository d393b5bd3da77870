"""A load that was superseded (another cycle opened meanwhile) never shows its results."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

from tui_helpers import AppFactory, fake_compute, settle

from csi_tui.cycle.model import Cycle
from csi_tui.data.results import ComputeResult


async def test_a_slow_earlier_cycle_does_not_land_under_the_newer_one(
    make_app: AppFactory,
) -> None:
    release = threading.Event()
    slow_started = threading.Event()
    first_cycle: list[str] = []

    def compute(cycle: Cycle, progress: Any = None, previous: Any = None) -> ComputeResult:
        if not first_cycle:
            first_cycle.append(cycle.id)
            slow_started.set()
            release.wait(10)  # the first cycle's compute is slow
        return replace(fake_compute(cycle, progress), cycle_id=cycle.id)

    app = make_app(compute=compute)
    async with app.run_test(size=(80, 24)) as pilot:
        while not slow_started.is_set():
            await pilot.pause(0.01)
        assert app.state.workspace is not None
        other = next(c.id for c in app.state.workspace.cycles if c.id != first_cycle[0])
        app.open_cycle(other)  # the user picks another cycle while the first computes
        await pilot.pause(0.1)
        release.set()  # now the stale compute finishes and tries to post its result
        await settle(app, pilot)
        await pilot.pause(0.1)
        assert app.state.cycle_id == other
        assert app.state.compute is not None and app.state.compute.cycle_id == other
