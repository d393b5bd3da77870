"""A file changed on disk between load and save: the dialog shows both changes, and each of the
three choices leaves the file as it promises (nothing lost, nothing written blindly)."""

from __future__ import annotations

import shutil
from pathlib import Path

from editing_helpers import LIVE, files_app, ready, write_files_workspace
from textual.widgets import Static
from tui_helpers import notified

from csi_tui.cycle import edit
from csi_tui.cycle.load import load_cycle, load_register
from csi_tui.tui.app import CsiApp
from csi_tui.tui.dialogs.conflict_dialog import ConflictDialog

LABEL = "target of MTTR P1/P2"


def _edit(cycle):  # type: ignore[no-untyped-def]
    return edit.set_metric_values(cycle, "mttr", target=5.5)


def _expected(tmp_path: Path, version: bytes, name: str) -> bytes:
    """My edit made independently on a copy of ``version``."""
    folder = tmp_path / f"expect-{name}"
    folder.mkdir()
    copy = folder / f"{LIVE}.toml"
    copy.write_bytes(version)
    _edit(load_cycle(copy))
    return copy.read_bytes()


def _theirs(path: Path) -> bytes:
    """Someone else's save: another line of the same file (the cycle's title)."""
    text = path.read_text().replace('title = "Faster P1/P2 resolution"', 'title = "Faster P1s"')
    assert "Faster P1s" in text
    path.write_text(text)
    return text.encode()


def _dialog_text(app: CsiApp) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


async def _conflict(app: CsiApp, pilot, path: Path) -> tuple[bytes, bytes]:  # type: ignore[no-untyped-def]
    await ready(app, pilot)
    loaded = path.read_bytes()
    theirs = _theirs(path)
    assert app.save_cycle_edit(LABEL, _edit, recompute="analysis") is None
    await pilot.pause()
    assert isinstance(app.screen, ConflictDialog)
    assert path.read_bytes() == theirs  # nothing written yet
    return loaded, theirs


async def test_the_dialog_shows_their_change_beside_mine(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        await _conflict(app, pilot, path)
        shown = _dialog_text(app)
        assert '- title = "Faster P1/P2 resolution"' in shown
        assert '+ title = "Faster P1s"' in shown
        assert "+ target = 5.5" in shown and "- target = 6.0" in shown
        assert "cycles/email-2026-q4.toml" in shown


async def test_keep_mine_writes_my_edit_on_the_loaded_version_and_keeps_theirs(
    tmp_path: Path,
) -> None:
    path = write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        loaded, theirs = await _conflict(app, pilot, path)
        await pilot.press("k")
        await ready(app, pilot)
        assert not isinstance(app.screen, ConflictDialog)
        assert path.read_bytes() == _expected(tmp_path, loaded, "mine")
        copies = list(path.parent.glob(f"{path.name}.theirs-*"))
        assert len(copies) == 1 and copies[0].read_bytes() == theirs  # their change kept
        cycle = app.state.cycle
        assert cycle is not None and cycle.metric("mttr").target == 5.5  # type: ignore[union-attr]
        assert cycle.cycle.title == "Faster P1/P2 resolution"
        assert notified(app, copies[0].name)
        assert len(app.state.workspace.cycles) == 2  # type: ignore[union-attr]


async def test_take_the_disks_writes_nothing_and_reloads(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        _, theirs = await _conflict(app, pilot, path)
        await pilot.press("t")
        await ready(app, pilot)
        assert not isinstance(app.screen, ConflictDialog)
        assert path.read_bytes() == theirs
        assert list(path.parent.glob("*.theirs-*")) == []
        cycle = app.state.cycle
        assert cycle is not None and cycle.cycle.title == "Faster P1s"
        assert cycle.metric("mttr").target == 6.0  # type: ignore[union-attr]
        assert len(app.undo_stack) == 0


async def test_reapply_makes_my_edit_on_their_version(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        _, theirs = await _conflict(app, pilot, path)
        await pilot.press("a")
        await ready(app, pilot)
        assert not isinstance(app.screen, ConflictDialog)
        assert path.read_bytes() == _expected(tmp_path, theirs, "reapply")
        cycle = app.state.cycle
        assert cycle is not None and cycle.cycle.title == "Faster P1s"
        assert cycle.metric("mttr").target == 5.5  # type: ignore[union-attr]
        assert list(path.parent.glob("*.theirs-*")) == []


async def test_reapply_that_does_not_fit_says_why_and_keeps_the_dialog(tmp_path: Path) -> None:
    path = write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        # Their save renamed the metric my edit is about.
        theirs = path.read_text().replace('id = "mttr"', 'id = "mttr_all"')
        theirs = theirs.replace('guardrails = ["reopen"]', "guardrails = []")
        path.write_text(theirs)
        load_cycle(path)  # still a valid cycle
        assert app.save_cycle_edit(LABEL, _edit) is None
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        assert "no metric with id 'mttr'" in str(app.screen.query_one("#problem", Static).render())
        assert path.read_text() == theirs
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ConflictDialog)
        assert path.read_text() == theirs
        assert notified(app, f"{LABEL}: not saved")


async def test_a_register_conflict_keep_mine(tmp_path: Path) -> None:
    write_files_workspace(tmp_path / "ws")
    path = tmp_path / "ws" / "register.toml"
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        loaded = path.read_bytes()
        theirs = path.read_text() + "# a comment someone added\n"
        path.write_text(theirs)
        result = app.save_register_edit(
            "CSI-003 accepted", lambda r: edit.set_opportunity_state(r, "CSI-003", "accepted")
        )
        assert result is None
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("k")
        await pilot.pause()
        register = load_register(path)
        assert register.get("CSI-003").state == "accepted"  # type: ignore[union-attr]
        assert "# a comment someone added" not in path.read_text()  # mine, on the loaded one
        assert path.read_text().startswith(loaded.decode().splitlines()[0])
        copies = list(path.parent.glob("register.toml.theirs-*"))
        assert len(copies) == 1 and copies[0].read_text() == theirs
        assert app.state.workspace.register.get("CSI-003").state == "accepted"  # type: ignore[union-attr]


async def test_the_sample_workspace_conflict_with_the_real_engine(
    sample_workspace: Path, tmp_path: Path
) -> None:
    root = tmp_path / "sample"
    shutil.copytree(sample_workspace, root)
    app = CsiApp(root, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(400):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.state.loaded and app.state.busy is None and app.state.analysis is not None:
                break
        cycle = app.state.cycle
        assert cycle is not None and cycle.path is not None
        path = cycle.path
        theirs = path.read_text() + "\n# someone else's note\n"
        path.write_text(theirs)
        metric = cycle.metrics[0].id
        app.save_cycle_edit(
            "target", lambda c: edit.set_metric_values(c, metric, target=4.0), recompute="analysis"
        )
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        text = path.read_text()
        assert text.endswith("# someone else's note\n") and "target = 4.0" in text
        assert load_cycle(path).metric(metric).target == 4.0  # type: ignore[union-attr]
