"""ctrl+s on a target edit does only what the save needs: the metric form had the file parsed
ahead (tomlkit, comment-keeping, pure Python), so the save parses the new text once with tomllib
to check it, and the state changes once, with the new analysis when the edit keeps every
before/after comparison. Counted, never timed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from edit_helpers import CYCLE, CountingApp, copy_sample, loaded, type_into
from editing_helpers import files_app, ready, write_files_workspace

from csi_tui.cycle import edit, load
from csi_tui.tui.dialogs.metric_form import MetricForm


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counts: Counter[str] = Counter()

    def counting(name: str, function: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return function(*args, **kwargs)

        return counted

    monkeypatch.setattr(tomlkit, "parse", counting("tomlkit", tomlkit.parse))
    monkeypatch.setattr(load.tomllib, "loads", counting("tomllib", load.tomllib.loads))
    monkeypatch.setattr(load, "key_positions", counting("positions", load.key_positions))
    return counts


async def test_ctrl_s_on_a_target_edit_parses_the_file_once(
    sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("2", "e")
        await pilot.pause()
        assert isinstance(app.screen, MetricForm)
        await type_into(pilot, "target", "6.5")
        cycle = app.state.cycle
        assert cycle is not None
        for _ in range(100):  # parsed ahead in a thread once the form's first check is shown
            if cycle.loaded_hash in edit._prepared:
                break
            await pilot.pause(0.05)
        assert cycle.loaded_hash in edit._prepared
        counts = _count_parses(monkeypatch)
        changes: list[dict[str, Any]] = []
        set_state = app._set_state

        def recorded(**change: Any) -> None:
            changes.append(change)
            set_state(**change)

        monkeypatch.setattr(app, "_set_state", recorded)
        await pilot.press("ctrl+s")
        await loaded(app, pilot)
        assert not isinstance(app.screen, MetricForm)
        assert "target = 6.5" in (root / CYCLE).read_text()
        assert app.state.analysis.metric("mttr_p1p2").expectation.target == 6.5
        assert counts == {"tomllib": 1}  # no tomlkit parse, no position scan
        assert app.computes == 1  # the data was not read again
        # A target edit keeps every before/after comparison: the saved cycle and its new
        # analysis in one state change, made on the UI thread, with nothing "Analysing" between.
        saved = [c for c in changes if "workspace" in c]
        assert len(saved) == 1 and "analysis" in saved[0]
        assert saved[0]["analysis"].metric("mttr_p1p2").expectation.target == 6.5
        assert not any(str(c.get("busy", "")).startswith("Analysing") for c in changes)


async def test_an_analysis_overtaken_by_a_newer_job_is_dropped(tmp_path: Path) -> None:
    write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        cycle, compute = app.state.cycle, app.state.compute
        assert cycle is not None
        analysing = f"Analysing {cycle.id}"
        app._set_state(busy=analysing)
        app._reanalysis = 2  # two expectation edits saved in a row
        app._analysed(1, cycle, compute, "first", ())
        assert app.state.busy == analysing and app.state.analysis != "first"
        app._analysed(2, cycle, compute, "second", ())
        assert app.state.analysis == "second" and app.state.busy is None
        app._set_state(busy=f"Computing {cycle.id}")  # a formula edit came meanwhile
        app._analysed(2, cycle, compute, "late", ())
        assert app.state.analysis == "second"
        assert app.state.busy == f"Computing {cycle.id}"


async def test_a_direction_edit_is_analysed_in_a_thread(
    sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The before/after test depends on the direction: run again over the tickets, so not on the
    UI thread; the state says "Analysing" until it lands."""
    root = copy_sample(sample_workspace, tmp_path)
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        cycle = app.state.cycle
        assert cycle is not None
        metric = cycle.metric("mttr_p1p2")
        assert metric is not None and metric.direction == "lower"
        changes: list[dict[str, Any]] = []
        set_state = app._set_state

        def recorded(**change: Any) -> None:
            changes.append(change)
            set_state(**change)

        monkeypatch.setattr(app, "_set_state", recorded)
        saved = app.save_cycle_edit(
            "direction",
            lambda c: edit.set_metric_values(c, "mttr_p1p2", direction="higher"),
            recompute="analysis",
        )
        assert saved is not None
        await loaded(app, pilot)
        first = next(c for c in changes if "workspace" in c)
        assert "analysis" not in first and first["busy"] == f"Analysing {cycle.id}"
        found = app.state.analysis.metric("mttr_p1p2")
        assert found is not None and found.expectation.direction == "higher"
        assert app.computes == 1
