"""A half-saved open cycle file keeps its last good version on screen behind a banner."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from charts_fixture import settle
from tui_helpers import text_of

from csi_tui.tui.app import CsiApp


async def _until(app: CsiApp, pilot, done) -> None:  # type: ignore[no-untyped-def]
    for _ in range(300):
        await settle(app, pilot)
        if done() and app.state.busy is None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never got there: busy={app.state.busy!r}")


async def test_a_broken_save_keeps_the_numbers_behind_a_banner_until_fixed(
    sample_workspace: Path, tmp_path: Path
) -> None:
    root = tmp_path / "sample"
    shutil.copytree(sample_workspace, root)
    app = CsiApp(root, watch_files=True)
    app.watch_interval = 0.1
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(app, pilot, lambda: app.state.analysis is not None)
        cycle = app.state.cycle
        assert cycle is not None and cycle.path is not None
        good = cycle.path.read_text()
        await pilot.press("5")
        await pilot.pause()
        numbers = text_of(app, "#numbers-text")
        assert "Status" in numbers
        compute, analysis = app.state.compute, app.state.analysis

        # An unclosed quote on the title line, as a half-finished edit leaves it.
        lines = good.splitlines(keepends=True)
        index = next(i for i, line in enumerate(lines) if line.startswith("title = "))
        lines[index] = lines[index].rstrip().rstrip('"') + "\n"
        cycle.path.write_text("".join(lines))
        await _until(app, pilot, lambda: bool(app.state.held))

        banner = text_of(app, "#held")
        assert app.screen.query_one("#held").display
        assert f"cycles/{cycle.path.name} line {index + 1}, column" in banner
        assert "invalid TOML" in banner  # the parser's message
        assert "showing the last good version" in banner
        # The meeting keeps its cycle and numbers: same results, same sentences.
        assert app.state.cycle_id == cycle.id
        assert app.state.compute is compute and app.state.analysis is analysis
        assert "No cycle is open" not in text_of(app, "#title-line")
        assert text_of(app, "#numbers-text") == numbers

        # Fixed: the banner goes and the new version shows.
        cycle.path.write_text(good.replace(cycle.cycle.title, "Fixed title", 1))
        await _until(
            app,
            pilot,
            lambda: not app.state.held and app.state.analysis is not None,
        )
        assert not app.screen.query_one("#held").display
        assert app.state.cycle is not None and app.state.cycle.cycle.title == "Fixed title"
        assert "Fixed title" in text_of(app, "#title-line")


def test_a_cycle_file_opened_alone_is_held_too_and_other_failures_are_not(
    tmp_path: Path,
) -> None:
    from dataclasses import replace

    from tui_helpers import build_workspace

    from csi_tui.errors import Problem
    from csi_tui.tui.last_good import banner_text, held_after_failure
    from csi_tui.tui.state import AppState

    workspace = build_workspace(tmp_path / "ws")
    cycle = workspace.cycles[-1]
    assert cycle.path is not None
    shown = AppState(workspace=workspace, cycle_id=cycle.id)
    broken = (Problem("invalid TOML: unclosed string", file=cycle.path, line=3, column=9),)
    assert held_after_failure(shown, broken) == broken
    # a failure about another file, or with nothing on screen, is not hidden behind a banner
    other = (Problem("no such folder", file=tmp_path / "elsewhere"),)
    assert held_after_failure(shown, other) == ()
    assert held_after_failure(replace(shown, cycle_id=None), broken) == ()
    text = banner_text(broken, workspace.root)
    assert text.startswith(f"⚠ NOT LOADED cycles/{cycle.path.name} line 3, column 9:")
    assert text.endswith("showing the last good version")
