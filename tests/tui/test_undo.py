"""Undo (ctrl+z): each save of the session taken back, newest first, as a checked atomic save."""

from __future__ import annotations

from pathlib import Path

from editing_helpers import files_app, ready, write_files_workspace
from tui_helpers import notified

from csi_tui.cycle import edit
from csi_tui.tui.undo import UndoEntry, UndoStack


async def test_two_edits_then_two_undos_give_the_original_file(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    original = path.read_bytes()
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        first = app.save_cycle_edit(
            "target of MTTR P1/P2",
            lambda c: edit.set_metric_values(c, "mttr", target=5.5),
            recompute="analysis",
        )
        assert first is not None
        after_first = path.read_bytes()
        second = app.save_cycle_edit(
            "cycle status", lambda c: edit.set_cycle_status(c, "closed"), recompute="none"
        )
        assert second is not None and path.read_bytes() != after_first
        await ready(app, pilot)

        await pilot.press("ctrl+z")
        await ready(app, pilot)
        assert path.read_bytes() == after_first
        assert notified(app, "Undone: cycle status")
        assert app.state.cycle.cycle.status == "review"  # type: ignore[union-attr]

        await pilot.press("ctrl+z")
        await ready(app, pilot)
        assert path.read_bytes() == original  # byte for byte
        assert notified(app, "Undone: target of MTTR P1/P2")
        assert app.state.cycle.metric("mttr").target == 6.0  # type: ignore[union-attr]

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert notified(app, "Nothing to undo")
        assert path.read_bytes() == original


async def test_undo_refuses_when_the_file_changed_on_disk_since(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.save_cycle_edit("target", lambda c: edit.set_metric_values(c, "mttr", target=5.5))
        theirs = path.read_text() + "# someone else, after my save\n"
        path.write_text(theirs)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert path.read_text() == theirs  # nothing written
        assert notified(app, "Not undone")
        assert len(app.undo_stack) == 1  # still there, should they put the file back


async def test_a_register_edit_is_undone(tmp_path: Path) -> None:
    write_files_workspace(tmp_path / "ws")
    path = tmp_path / "ws" / "register.toml"
    original = path.read_bytes()
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.save_register_edit(
            "CSI-003 accepted", lambda r: edit.set_opportunity_state(r, "CSI-003", "accepted")
        )
        assert path.read_bytes() != original
        app.action_undo()
        await pilot.pause()
        assert path.read_bytes() == original
        register = app.state.workspace.register  # type: ignore[union-attr]
        assert register is not None and register.get("CSI-003").state == "new"  # type: ignore[union-attr]


async def test_a_conflict_choice_is_undone_too(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        theirs = path.read_text() + "# theirs\n"
        path.write_text(theirs)
        app.save_cycle_edit("target", lambda c: edit.set_metric_values(c, "mttr", target=5.5))
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert path.read_text() != theirs
        await pilot.press("ctrl+z")
        await ready(app, pilot)
        assert path.read_text() == theirs  # back to the version keep-mine wrote over


def test_the_stack_is_newest_first_bounded_and_skips_empty_saves() -> None:
    stack = UndoStack(limit=2)
    entries = [UndoEntry(Path("f"), bytes([i]), bytes([i + 1]), f"e{i}") for i in range(3)]
    for entry in entries:
        stack.push(entry)
    stack.push(UndoEntry(Path("f"), b"same", b"same", "nothing"))
    assert len(stack) == 2
    assert stack.pop() is entries[2] and stack.pop() is entries[1] and stack.pop() is None


async def test_the_palette_undoes_and_opens_the_raw_editor(tmp_path: Path) -> None:
    from csi_tui.tui.screens.raw_editor import RawEditorScreen

    path = write_files_workspace(tmp_path / "ws")
    original = path.read_bytes()
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.save_cycle_edit("target", lambda c: edit.set_metric_values(c, "mttr", target=5.5))
        await pilot.press("ctrl+p", *"undo the last edit")
        await pilot.pause(0.3)  # the palette searches asynchronously
        await pilot.press("enter")
        await ready(app, pilot)
        assert path.read_bytes() == original
        await pilot.press("ctrl+p", *"edit the cycle file")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RawEditorScreen)
