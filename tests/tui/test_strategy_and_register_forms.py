"""Step 1's forms: the strategy and a register entry, saved with comments kept; wrong input
refused beside its field with the file untouched; cancel."""

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
from textual.widgets import TextArea
from tui_helpers import notified, table_rows, text_of

from csi_tui.cycle.load import load_cycle, load_register
from csi_tui.tui.dialogs.confirm_dialog import ConfirmDialog
from csi_tui.tui.dialogs.register_form import RegisterForm
from csi_tui.tui.dialogs.strategy_form import StrategyForm


async def test_the_strategy_is_saved(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    before = (root / CYCLE).read_text()
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, StrategyForm)
        await type_into(pilot, "vision", "Email is back within the hour.")
        area = app.screen.query_one("#field-objectives", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        area.insert("\nA fourth objective")
        await pilot.pause(0.3)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, StrategyForm)
        after = (root / CYCLE).read_text()
        assert 'vision = "Email is back within the hour."' in after
        assert comment_lines(after) == comment_lines(before)
        assert 'business_need = """\nAn Email P1 stops sales' in after  # untouched, as written
        cycle = app.state.cycle
        assert cycle is not None
        assert cycle.strategy.vision == "Email is back within the hour."
        assert cycle.strategy.objectives[-1] == "A fourth objective"
        assert load_cycle(root / CYCLE) == cycle
        assert "Email is back within the hour." in text_of(app, "#strategy-text")
        assert app.computes == 1


async def test_a_wrong_strategy_is_refused(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    before = (root / CYCLE).read_bytes()
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, StrategyForm)
        lines = form.query_one("#field-csfs", TextArea).text.splitlines()
        for text, words in [
            ("\n".join(lines[1:]), "CSF 'fast-restore' is not defined"),  # a metric serves it
            ("\n".join([lines[0], *lines]), "duplicate CSF id 'fast-restore'"),
            ("\n".join([*lines, "lonely"]), "missing required key 'name'"),
        ]:
            area = form.query_one("#field-csfs", TextArea)
            area.text = text
            await pilot.pause(0.3)
            assert words in error_text(app, "csfs")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form
            assert notified(app, "fix csfs first")
            assert (root / CYCLE).read_bytes() == before
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, StrategyForm | ConfirmDialog)
        assert (root / CYCLE).read_bytes() == before


async def test_a_register_entry_is_saved(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    path = root / "register.toml"
    before = path.read_text()
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("down")  # the second entry
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RegisterForm)
        assert form.original is not None
        entry_id = form.original.id
        await choose(pilot, "state", "monitor")
        await choose(pilot, "priority", "critical")
        await choose(pilot, "size", "XL")
        await type_into(pilot, "actioned_by", "Kim Lee")
        await type_into(pilot, "due", "2027-01-31")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, RegisterForm)
        register = load_register(path)
        entry = register.get(entry_id)
        assert entry is not None
        assert (entry.state, entry.priority, entry.size) == ("monitor", "critical", "XL")
        assert entry.actioned_by == "Kim Lee" and str(entry.due) == "2027-01-31"
        assert comment_lines(path.read_text()) == comment_lines(before)
        workspace = app.state.workspace
        assert workspace is not None and workspace.register == register
        assert any(entry_id in row and "Kim Lee" in row for row in table_rows(app, "#register"))


async def test_a_wrong_register_entry_is_refused(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    path = root / "register.toml"
    before = path.read_bytes()
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RegisterForm)
        for field, text, words in [
            ("due", "tomorrow", "'tomorrow' is not a valid date"),
            ("description", "", "missing required key 'description'"),
            ("id", "CSI-002", "duplicate opportunity id 'CSI-002'"),
        ]:
            await type_into(pilot, field, text)
            assert words in error_text(app, field) or words in str(
                form.query_one("#form-general").render()
            )
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form
            assert path.read_bytes() == before
            await pilot.press("escape", "y")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, RegisterForm)


async def test_a_register_entry_is_added(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    path = root / "register.toml"
    before = path.read_text()
    app = CountingApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, RegisterForm)
        await type_into(pilot, "id", "CSI-099")
        await type_into(pilot, "description", "Calendar invites arrive late")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, RegisterForm)
        entry = load_register(path).get("CSI-099")
        assert entry is not None and entry.description == "Calendar invites arrive late"
        assert comment_lines(path.read_text()) == comment_lines(before)
