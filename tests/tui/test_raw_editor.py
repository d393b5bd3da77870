"""The raw TOML editor (E): valid text is saved, invalid text never, problems with line and
column and the cursor on the first; escape asks before dropping; a conflict is resolved."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from editing_helpers import files_app, ready, write_files_workspace
from textual.widgets import Label, OptionList, TextArea
from tui_helpers import notified

from csi_tui.cycle.load import load_cycle
from csi_tui.tui.app import CsiApp
from csi_tui.tui.dialogs.conflict_dialog import ConflictDialog
from csi_tui.tui.dialogs.discard_dialog import DiscardDialog
from csi_tui.tui.screens.raw_editor import RawEditorScreen, toml_language, what_changed


async def _open(app: CsiApp, pilot) -> TextArea:  # type: ignore[no-untyped-def]
    await ready(app, pilot)
    await pilot.press("E")
    await pilot.pause()
    assert isinstance(app.screen, RawEditorScreen)
    return app.screen.query_one(TextArea)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if needle in line)


async def test_it_shows_the_file_highlighted_as_toml(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open(app, pilot)
        assert editor.text == path.read_text()
        assert toml_language() == "toml"  # tree-sitter-toml is a dependency
        assert editor.language == "toml"


async def test_a_valid_edit_typed_in_is_saved_and_only_the_analysis_runs_again(
    tmp_path: Path,
) -> None:
    path = write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open(app, pilot)
        compute = app.state.compute
        row = _line_of(editor.text, "target = 6.0")
        editor.cursor_location = (row, len("target = "))
        await pilot.press("delete", "5")  # 6.0 -> 5.0, typed
        await pilot.press("ctrl+s")
        await ready(app, pilot)
        assert "target = 5.0" in path.read_text()
        assert path.read_text() == editor.text
        assert load_cycle(path).metric("mttr").target == 5.0  # type: ignore[union-attr]
        assert app.state.cycle.metric("mttr").target == 5.0  # type: ignore[union-attr]
        assert app.state.compute is compute  # expectations only: data not computed again
        assert notified(app, "raw edit of email-2026-q4.toml")
        await pilot.press("escape")  # saved: closes without asking
        await pilot.pause()
        assert not isinstance(app.screen, RawEditorScreen)
        await pilot.press("ctrl+z")  # and it is undone like any edit
        await ready(app, pilot)
        assert "target = 6.0" in path.read_text()


async def test_an_invalid_value_is_never_saved_and_the_cursor_goes_to_it(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    before = path.read_bytes()
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open(app, pilot)
        row = _line_of(editor.text, "target = 6.0")
        editor.load_text(editor.text.replace("target = 6.0", 'target = "six"'))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_bytes() == before
        screen = app.screen
        assert isinstance(screen, RawEditorScreen)
        problem = screen.problems[0]
        assert problem.line == row + 1 and problem.column is not None
        assert "metrics" in (problem.key or "")
        listing = screen.query_one(OptionList)
        assert listing.option_count == len(screen.problems) >= 1
        assert f"line {row + 1}, col {problem.column}" in str(listing.get_option_at_index(0).prompt)
        assert editor.cursor_location[0] == row
        assert editor.has_focus


async def test_broken_toml_is_never_saved_and_says_where(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    before = path.read_bytes()
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open(app, pilot)
        editor.load_text(editor.text.replace("[[metrics]]", "[[metrics]", 1))
        row = _line_of(editor.text, "[[metrics]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_bytes() == before
        screen = app.screen
        assert isinstance(screen, RawEditorScreen)
        assert screen.problems[0].line == row + 1
        assert editor.cursor_location[0] == row


async def test_escape_asks_before_dropping_unsaved_text(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    before = path.read_bytes()
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open(app, pilot)
        editor.load_text(editor.text + "# mine\n")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardDialog)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, RawEditorScreen) and editor.text.endswith("# mine\n")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, (RawEditorScreen, DiscardDialog))
        assert path.read_bytes() == before


async def test_a_file_changed_on_disk_while_editing_reapplies_my_lines(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open(app, pilot)
        mine = editor.text.replace("target = 6.0", "target = 5.0")
        editor.load_text(mine)
        theirs = path.read_text().replace("Faster P1/P2 resolution", "Faster P1s")
        path.write_text(theirs)
        app.reload()  # as the file watch does
        await ready(app, pilot)
        status = app.screen.query_one("#raw-status", Label).render()
        assert "changed on disk since you opened it" in str(status)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        assert path.read_text() == theirs
        await pilot.press("a")
        await ready(app, pilot)
        both = theirs.replace("target = 6.0", "target = 5.0")
        assert path.read_text() == both
        assert isinstance(app.screen, RawEditorScreen) and editor.text == both
        assert app.state.cycle.cycle.title == "Faster P1s"  # type: ignore[union-attr]


async def test_keep_mine_from_the_raw_editor(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open(app, pilot)
        mine = editor.text.replace("Faster P1/P2 resolution", "Mine")
        editor.load_text(mine)
        theirs = path.read_text().replace("Faster P1/P2 resolution", "Theirs")
        path.write_text(theirs)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("a")  # the same line on both sides: cannot be merged
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog) and path.read_text() == theirs
        await pilot.press("k")
        await ready(app, pilot)
        assert path.read_text() == mine
        copies = list(path.parent.glob(f"{path.name}.theirs-*"))
        assert [c.read_text() for c in copies] == [theirs]


def test_what_changed_tells_expectations_from_data(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    old = load_cycle(path)
    mttr = old.metrics[0]
    target = replace(old, metrics=(replace(mttr, target=1.0), *old.metrics[1:]))
    formula = replace(old, metrics=(replace(mttr, filter="priority = '1'"), *old.metrics[1:]))
    notes = replace(old, notes=())
    assert what_changed(old, target) == "analysis"
    assert what_changed(old, formula) == "data"
    assert what_changed(old, notes) == "none"
    assert what_changed(None, old) == "data"


async def test_ctrl_q_asks_before_dropping_unsaved_text(tmp_path: Path) -> None:
    write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open(app, pilot)
        editor.load_text(editor.text + "# mine\n")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, DiscardDialog) and app.is_running
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RawEditorScreen) and app.is_running
