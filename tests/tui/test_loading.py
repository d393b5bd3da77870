"""Loading runs in workers after the first paint; failures become problems, never tracebacks."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from tui_helpers import AppFactory, failing_compute, fake_compute, notified, settle, text_of

from csi_tui.cycle.model import Cycle, Workspace
from csi_tui.errors import CsiError
from csi_tui.tui.loading import _fraction


async def test_opens_the_live_cycle_computes_and_analyses(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        state = app.state
        assert state.cycle_id == "email-2026-q4"  # the newest cycle not closed
        assert state.compute is not None and state.compute.cycle_id == "email-2026-q4"
        assert state.busy is None and state.loaded
        assert state.metric_id == "mttr"  # the first metric is selected
        assert state.problems == ()
        assert "Email · Faster P1/P2 resolution" in text_of(app, "#title-line")


async def test_first_frame_comes_before_loading_and_keys_work_while_it_runs(
    make_app: AppFactory, workspace: Workspace
) -> None:
    release = threading.Event()

    def slow_open(_path: Path | None) -> tuple[Workspace, str | None]:
        release.wait(10)
        return workspace, None

    app = make_app(open_workspace=slow_open)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.state.busy == "Opening the workspace"
        assert "Opening the workspace" in text_of(app, "#title-line")
        await pilot.press("2")  # the UI is not frozen by the load
        await pilot.pause()
        assert app.current_mode == "measures"
        release.set()
        await settle(app, pilot)
        assert app.state.cycle_id == "email-2026-q4"
        assert app.state.busy is None


async def test_a_compute_error_shows_file_key_and_what_to_do(make_app: AppFactory) -> None:
    app = make_app(compute=failing_compute)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.state.workspace is not None  # what loaded is kept
        assert app.state.compute is None and app.state.busy is None
        panel = text_of(app, "#problem-text")
        assert "✖ ERROR" in panel
        assert "cycles/email-2026-q4.toml: sources[0].path" in panel  # relative to the workspace
        assert "sources[0].path" in panel
        assert "relative to the cycle file" in panel
        assert notified(app, "missing.csv")
        # the register still shows on step 1
        assert app.screen.query_one("#register").row_count == 3  # type: ignore[attr-defined]


async def test_an_unexpected_exception_is_one_line_not_a_traceback(make_app: AppFactory) -> None:
    def broken(_cycle: Cycle, _progress: Any = None, _previous: Any = None) -> Any:
        raise ZeroDivisionError("division by zero")

    app = make_app(compute=broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.is_running
        panel = text_of(app, "#problem-text")
        assert "unexpected error while loading: ZeroDivisionError" in panel
        assert "press r to retry" in panel
        assert "Traceback" not in panel


async def test_a_workspace_that_cannot_open_says_why(make_app: AppFactory) -> None:
    def cannot(_path: Path | None) -> tuple[Workspace, str | None]:
        raise CsiError.one("no such file or folder", file=Path("/nowhere"), hint="give a folder")

    app = make_app(open_workspace=cannot)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.state.workspace is None and app.state.busy is None
        assert "/nowhere: no such file or folder (give a folder)" in text_of(app, "#problem-text")


async def test_first_run_says_where_the_workspace_was_created(
    make_app: AppFactory, workspace: Workspace
) -> None:
    app = make_app(open_workspace=lambda _p: (workspace, "Created your workspace at /x/ws"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert notified(app, "Created your workspace at /x/ws")


async def test_switching_steps_recomputes_nothing(make_app: AppFactory) -> None:
    calls: list[str] = []

    def counting(cycle: Cycle, progress: Any = None, previous: Any = None) -> Any:
        calls.append(cycle.id)
        return fake_compute(cycle, progress)

    app = make_app(compute=counting)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        result = app.state.compute
        for key in "12345671":
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        # Step 4 may compute earlier cycles once for its trend chart; the open one never again.
        assert calls.count("email-2026-q4") == 1
        first_tour = list(calls)
        for key in "12345671":
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        assert calls == first_tour
        assert app.state.compute is result


async def test_reload_key_computes_again(make_app: AppFactory) -> None:
    calls: list[str] = []

    def counting(cycle: Cycle, progress: Any = None, previous: Any = None) -> Any:
        calls.append(cycle.id)
        return fake_compute(cycle, progress)

    app = make_app(compute=counting)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "r")
        await settle(app, pilot)
        # The open cycle twice; step 4, built ahead of its visit, may compute earlier cycles once.
        assert calls.count("email-2026-q4") == 2
        assert set(calls) <= {"email-2026-q4", "email-2026-q2"}
        assert app.state.cycle_id == "email-2026-q4"


async def test_a_changed_cycle_file_reloads_and_says_so(
    make_app: AppFactory, workspace: Workspace
) -> None:
    calls: list[str] = []

    def counting(cycle: Cycle, progress: Any = None, previous: Any = None) -> Any:
        calls.append(cycle.id)
        return fake_compute(cycle, progress)

    app = make_app(compute=counting, watch_files=True)
    app.watch_interval = 0.05
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        cycle = workspace.cycle("email-2026-q4")
        assert cycle is not None and cycle.path is not None
        stamp = cycle.path.stat().st_mtime_ns + 5_000_000_000
        import os

        os.utime(cycle.path, ns=(stamp, stamp))
        for _ in range(100):  # poll: the watcher runs every 50 ms
            await pilot.pause(0.05)
            if len(calls) == 2 and app.state.busy is None:
                break
        assert len(calls) == 2
        assert notified(app, "email-2026-q4.toml changed on disk")


async def test_a_changed_data_file_reloads(make_app: AppFactory, workspace: Workspace) -> None:
    calls: list[str] = []

    def counting(cycle: Cycle, progress: Any = None, previous: Any = None) -> Any:
        calls.append(cycle.id)
        return fake_compute(cycle, progress)

    app = make_app(compute=counting, watch_files=True)
    app.watch_interval = 0.05
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        data = workspace.root / "data" / "incidents.csv"
        data.unlink()  # a data file that disappears counts as a change too
        for _ in range(100):
            await pilot.pause(0.05)
            if len(calls) == 2 and app.state.busy is None:
                break
        assert len(calls) == 2
        assert notified(app, "incidents.csv changed on disk")


def test_progress_fraction_from_whatever_the_engine_reports() -> None:
    assert _fraction(("Reading", 50, 200), {}) == 0.25
    assert _fraction((), {"done": 3, "total": 4}) == 0.75
    assert _fraction((0.5,), {}) == 0.5
    assert _fraction(("words only",), {}) is None
    assert _fraction((5, 0), {}) is None  # no division by zero
    assert _fraction((True, 2), {}) is None  # booleans are not counts
