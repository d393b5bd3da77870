"""Recording the meeting from the app on a copy of the sample workspace: each dialog saves at
once when confirmed (file, state, comments kept) and refuses bad input with the reason, leaving
the file as it was."""

from __future__ import annotations

import asyncio
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from charts_fixture import settle
from textual.widgets import DataTable, Input, Select
from tui_helpers import notified

from csi_tui.cycle.load import load_cycle
from csi_tui.tui.app import CsiApp
from csi_tui.tui.dialogs.form import FormDialog, date_problem

TODAY = datetime(2026, 12, 3, 10, 0)


@pytest.fixture
def root(sample_workspace: Path, tmp_path: Path) -> Path:
    shutil.copytree(sample_workspace, tmp_path / "sample")
    return tmp_path / "sample"


def cycle_file(root: Path) -> Path:
    return root / "cycles" / "email-2026-p1p2-mttr.toml"


def comments(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if line.lstrip().startswith("#")]


def make(root: Path) -> CsiApp:
    app = CsiApp(root, watch_files=False)
    app.wall_clock = lambda: TODAY  # type: ignore[method-assign]
    return app


async def loaded(app: CsiApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(300):
        await settle(app, pilot)
        if app.state.loaded and app.state.busy is None and app.state.analysis is not None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"still loading: {app.state.busy}")


async def fill(pilot, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    for field_id, value in values.items():
        widget = screen.query_one(f"#{field_id}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value
    await pilot.pause()


def dialog(app: CsiApp) -> FormDialog:  # type: ignore[type-arg]
    assert isinstance(app.screen, FormDialog), app.screen
    return app.screen


def test_date_problems() -> None:
    assert date_problem("2026-12-18") is None
    assert "YYYY-MM-DD" in (date_problem("18/12/2026") or "")
    assert "not a day of the calendar" in (date_problem("2026-02-30") or "")
    assert date_problem("") and date_problem("", required=False) is None


async def test_a_note_on_step_5_is_about_the_selected_metric(root: Path) -> None:
    path = cycle_file(root)
    before, original = comments(path), path.read_text()
    app = make(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("5", "down")  # the second metric
        await pilot.pause()
        metric = app.state.metric_id
        await pilot.press("n")
        await pilot.pause()
        # empty text: refused, the reason beside the field, nothing written
        await pilot.press("enter")
        await pilot.pause()
        assert "the note is empty" in dialog(app).errors_shown["note-text"]
        assert path.read_text() == original
        await fill(pilot, {"note-text": "SLA is close", "note-author": "Priya"})
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        note = app.state.cycle.notes[-1]  # type: ignore[union-attr]
        assert (note.text, note.author, note.step, note.metric) == (
            "SLA is close", "Priya", 5, metric,
        )  # fmt: skip
        assert note.date == date(2026, 12, 3)
    on_disk = load_cycle(path)
    assert on_disk.notes[-1] == note
    assert comments(path) == before


async def test_a_decision_is_saved_and_a_blank_one_refused(root: Path) -> None:
    path = cycle_file(root)
    before, original = comments(path), path.read_text()
    app = make(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("6", "d")
        await pilot.pause()
        await fill(pilot, {"decision-by": ""})
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = dialog(app).errors_shown
        assert "choose adopt, continue testing or reject" in errors["decision-kind"]
        assert "say why" in errors["decision-rationale"]
        assert "who decided" in errors["decision-by"]
        assert path.read_text() == original
        await fill(
            pilot,
            {"decision-kind": "adopt", "decision-rationale": "MTTR halved", "decision-by": "CAB"},
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        decision = app.state.cycle.decision  # type: ignore[union-attr]
        assert decision is not None
        assert (decision.decision, decision.rationale, decision.decided_by, decision.date) == (
            "adopt", "MTTR halved", "CAB", date(2026, 12, 3),
        )  # fmt: skip
        assert notified(app, "Decision recorded: adopt")
    assert load_cycle(path).decision == decision
    assert comments(path) == before


async def test_an_action_gets_the_next_id_and_needs_an_owner_and_a_date(root: Path) -> None:
    path = cycle_file(root)
    before, original = comments(path), path.read_text()
    app = make(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("7", "a")
        await pilot.pause()
        assert dialog(app).query_one("#action-id", Input).value == "A-205"
        await fill(pilot, {"action-title": "Roll out to Teams", "action-due": "18/12/2026"})
        await pilot.press("enter")
        await pilot.pause()
        errors = dialog(app).errors_shown
        assert "an owner is missing" in errors["action-owner"]
        assert "YYYY-MM-DD" in errors["action-due"]
        await fill(pilot, {"action-id": "A-201", "action-owner": "Tom", "action-due": "2026-12-18"})
        await pilot.press("enter")
        await pilot.pause()
        assert "A-201 is taken; A-205 is free" in dialog(app).errors_shown["action-id"]
        assert path.read_text() == original
        await fill(pilot, {"action-id": "A-205"})
        await pilot.press("enter")
        await pilot.pause()
        action = app.state.cycle.actions[-1]  # type: ignore[union-attr]
        assert (action.id, action.title, action.owner, action.due, action.status) == (
            "A-205", "Roll out to Teams", "Tom", date(2026, 12, 18), "open",
        )  # fmt: skip
    assert load_cycle(path).actions[-1] == action
    assert comments(path) == before


async def test_an_action_status_change_from_the_palette_dialog(root: Path) -> None:
    path = cycle_file(root)
    before = comments(path)
    app = make(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        app.action_action_status()
        await pilot.pause()
        await fill(pilot, {"status-action": "A-203"})
        await fill(pilot, {"status-status": "done", "status-done-on": "2026-13-01"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "YYYY-MM-DD" in dialog(app).errors_shown["status-done-on"]
        await fill(pilot, {"status-done-on": "2026-12-02"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        found = next(a for a in app.state.cycle.actions if a.id == "A-203")  # type: ignore[union-attr]
        assert (found.status, found.done_on) == ("done", date(2026, 12, 2))
    assert "done_on = 2026-12-02" in path.read_text()
    assert comments(path) == before


async def test_escape_saves_nothing(root: Path) -> None:
    path = cycle_file(root)
    original = path.read_text()
    app = make(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        for key in ("n", "d", "a"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, FormDialog)
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, FormDialog)
    assert path.read_text() == original


async def test_escape_after_typing_asks_before_dropping_it(root: Path) -> None:
    from csi_tui.tui.dialogs.action_dialog import ActionDialog
    from csi_tui.tui.dialogs.confirm_dialog import ConfirmDialog

    path = cycle_file(root)
    original = path.read_text()
    app = make(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("7", "a")
        await pilot.pause()
        assert app.focused is dialog(app).query_one("#action-title", Input)  # what comes first
        await pilot.press(*"Roll out")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep editing: the text is still there
        await pilot.pause()
        assert isinstance(app.screen, ActionDialog)
        assert app.screen.query_one("#action-title", Input).value == "Roll out"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # drop it
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog | ConfirmDialog)
    assert path.read_text() == original


async def test_s_on_step_7_closes_the_overdue_action_under_the_cursor(root: Path) -> None:
    """On 2026-12-07 A-202 (due 2026-12-04, in progress) is overdue; s on its row, done, saved:
    the row and the box's title stop saying overdue, and the file holds the new status."""
    path = cycle_file(root)
    app = CsiApp(root, watch_files=False)
    app.wall_clock = lambda: datetime(2026, 12, 7, 9, 0)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        table: DataTable[str] = app.screen.query_one("#actions", DataTable)
        assert "⚠ 1 overdue" in str(table.border_title)
        table.focus()
        table.move_cursor(row=table.get_row_index("A-202"))
        await pilot.pause()
        assert str(table.get_row("A-202")[-1]) == "◐ overdue 3 d"
        await pilot.press("s")
        await pilot.pause()
        assert dialog(app).query_one("#status-action", Select).value == "A-202"
        await fill(pilot, {"status-status": "done", "status-done-on": "2026-12-07"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(app, pilot)
        assert str(table.get_row("A-202")[-1]) == "✔ done 2026-12-07"
        assert "overdue" not in str(table.border_title)
    assert "done_on = 2026-12-07" in path.read_text()
