"""Step 2's metric form on the real engine: a valid edit is saved and the numbers follow; a wrong
field is refused beside it with validate's words and the file is not touched; cancel."""

from __future__ import annotations

from pathlib import Path

from edit_helpers import (
    CYCLE,
    CountingApp,
    choose,
    comment_lines,
    copy_sample,
    error_text,
    loaded,
    type_into,
)
from textual.widgets import Input
from tui_helpers import notified

from csi_tui.cycle.load import load_cycle
from csi_tui.tui.dialogs.confirm_dialog import ConfirmDialog
from csi_tui.tui.dialogs.metric_form import MetricForm


async def _open_form(app: CountingApp, pilot, key: str = "e") -> MetricForm:  # type: ignore[no-untyped-def]
    await loaded(app, pilot)
    await pilot.press("2")
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, MetricForm)
    await app.workers.wait_for_complete()  # the source's columns
    await pilot.pause()
    return app.screen


async def test_a_target_edit_is_saved_and_only_the_analysis_runs(
    sample_workspace: Path, tmp_path: Path
) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    path = root / CYCLE
    before = path.read_text()
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_form(app, pilot)
        compute, analysis = app.state.compute, app.state.analysis
        assert analysis.metric("mttr_p1p2").expectation.target == 7.5
        await type_into(pilot, "target", "6.5")
        assert error_text(app, "target") == ""
        await pilot.press("ctrl+s")
        await loaded(app, pilot)
        assert not isinstance(app.screen, MetricForm)
        after = path.read_text()
        assert "target = 6.5" in after and "target = 7.5" not in after.split("[[metrics]]")[1]
        assert comment_lines(after) == comment_lines(before)
        assert len(after.splitlines()) == len(before.splitlines())
        assert app.state.cycle is not None
        assert app.state.cycle.metric("mttr_p1p2").target == 6.5  # type: ignore[union-attr]
        assert app.state.compute is compute and app.computes == 1  # no data read again
        assert app.state.analysis is not analysis
        assert app.state.analysis.metric("mttr_p1p2").expectation.target == 6.5
        assert load_cycle(path) == app.state.cycle


WRONG = [
    ("target", "six", "expected a number, got a string 'six'"),
    ("filter", "priority IN ('1'", "not a valid polars SQL expression"),
    ("breakdowns", "priority, asignment_group", "closest columns: 'assignment_group'"),
    ("filter", "prio = '1'", "column 'prio' is not in source 'incidents'"),
    ("formula", "AVG(resolution_hours)", "set either kpi or formula, not both"),
    ("csf", "speed", "CSF 'speed' is not defined"),
    ("guardrails", "reopen_rate, mttr_p1p2", "a metric cannot be its own guardrail"),
    ("target_date", "2026-13-01", "'2026-13-01' is not a valid date"),
    ("top_n", "0", "top_n must be 1 or more"),
    ("name", "", "missing required key 'name'"),
]


async def test_each_wrong_field_is_refused_beside_it(
    sample_workspace: Path, tmp_path: Path
) -> None:
    """One app for all the cases (a load of the real sample takes seconds)."""
    root = copy_sample(sample_workspace, tmp_path)
    before = (root / CYCLE).read_bytes()
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_form(app, pilot)
        for field, text, words in WRONG:
            await type_into(pilot, field, text)
            assert words in error_text(app, field), field  # shown as you type
            assert "✖" in error_text(app, field)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form, field  # still open
            assert notified(app, f"fix {field} first"), field
            assert app.focused is form.query_one(f"#field-{field}")
            assert (root / CYCLE).read_bytes() == before
            await pilot.press("escape", "y")  # drop it, start again
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, MetricForm)
            await app.workers.wait_for_complete()
            await pilot.pause()


async def test_an_amber_on_the_good_side_warns_and_saves(
    sample_workspace: Path, tmp_path: Path
) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_form(app, pilot)
        await type_into(pilot, "amber", "5")
        text = error_text(app, "amber")
        assert "⚠ warning: amber 5 is below the target 7.5" in text
        await pilot.press("ctrl+s")
        await loaded(app, pilot)
        assert not isinstance(app.screen, MetricForm)
        assert "amber = 5" in (root / CYCLE).read_text()


async def test_a_filter_edit_computes_the_data_again(
    sample_workspace: Path, tmp_path: Path
) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_form(app, pilot)
        await type_into(pilot, "filter", "priority = '1 - Critical'")
        assert error_text(app, "filter") == ""
        await pilot.press("ctrl+s")
        await loaded(app, pilot)
        assert app.computes == 2
        assert "filter = \"priority = '1 - Critical'\"" in (root / CYCLE).read_text()


async def test_cancel_asks_before_dropping_changes(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    before = (root / CYCLE).read_bytes()
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_form(app, pilot)
        await pilot.press("escape")  # nothing changed: closes at once
        await pilot.pause()
        assert not isinstance(app.screen, MetricForm | ConfirmDialog)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MetricForm)
        await type_into(pilot, "target", "1")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#field-target", Input).value == "1"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, MetricForm | ConfirmDialog)
        assert (root / CYCLE).read_bytes() == before


async def test_add_a_metric(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    before = (root / CYCLE).read_text()
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_form(app, pilot, "plus")
        await pilot.press("ctrl+s")  # empty: refused
        await pilot.pause()
        assert app.screen is form
        assert "missing required key 'id'" in error_text(app, "id")
        await type_into(pilot, "id", "p1_volume")
        await type_into(pilot, "name", "P1 volume")
        await choose(pilot, "kpi", "volume")
        await type_into(pilot, "filter", "priority = '1 - Critical'")
        await pilot.press("ctrl+s")
        await loaded(app, pilot)
        assert not isinstance(app.screen, MetricForm)
        cycle = app.state.cycle
        assert cycle is not None and cycle.metrics[-1].id == "p1_volume"
        assert app.state.metric_id == "p1_volume"
        assert app.computes == 2
        assert app.state.compute.metric("p1_volume") is not None
        assert comment_lines((root / CYCLE).read_text()) == comment_lines(before)


async def test_remove_a_metric_after_a_yes(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("2")
        app.select_metric("csat")
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await loaded(app, pilot)
        assert app.state.cycle is not None and app.state.cycle.metric("csat") is None
        assert 'id = "csat"' not in (root / CYCLE).read_text()


async def test_a_guardrail_is_not_removed(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    before = (root / CYCLE).read_bytes()
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("2")
        app.select_metric("reopen_rate")
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert notified(app, "it is a guardrail of 'mttr_p1p2'")
        assert (root / CYCLE).read_bytes() == before
