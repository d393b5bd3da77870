"""Step 7: decision and consequences, actions, the register entry, the history of cycles."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from charts_fixture import plain
from textual.widgets import DataTable, Static
from tui_helpers import AppFactory, settle, table_rows, text_of


async def test_decision_register_and_notes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        text = text_of(app, "#decision-text")
        assert "↻ CONTINUE TESTING on 2026-11-20 by Review board" in text
        assert "P2s still slow" in text
        assert "not proven yet" in text
        assert "CSI-002 Faster P2 resolution · state in progress" in text
        assert "1 recorded; latest: 2026-11-20 Swarming works on P1s" in text


async def test_actions_with_owner_due_and_status_words(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        assert table_rows(app, "#actions") == [
            ["A1", "Train the night shift", "Lee", "2026-12-01", "◐ in progress"],
            ["A2", "Update the runbook", "Kim", "2026-11-30", "✔ done 2026-11-25"],
        ]


async def test_history_of_the_service_oldest_first(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        rows = table_rows(app, "#history")
        assert [r[0] for r in rows] == ["  email-2026-q2", "● email-2026-q4"]
        assert rows[0][1] == "✔ ADOPT" and rows[1][1] == "↻ CONTINUE"
        assert rows[0][2] == "✔ successful" and rows[1][2] == "— open"
        # the selected metric: baseline -> result -> adopted; the result is the mean of the fake
        # engine's months (8.1 + 6.5 + 6.1) / 3 = 6.9 h (no change date: the whole cycle)
        assert rows[0][3] == "9.2 → 6.9 → 6.4 h" and rows[1][3] == "9.2 → 6.9 → n/a h"


async def test_adoption_of_a_closed_cycle(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_cycle("email-2026-q2")
        await settle(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        text = text_of(app, "#decision-text")
        assert "✔ ADOPT" in text
        assert "2026-07-03 by Dana; new baselines mttr = 6.4; next cycle email-2026-q4" in text
        assert "closed successful" in text


async def test_editing_keys_are_reserved_and_say_so(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("7", "n")  # n, d, a open the recording dialogs (test_recording.py)
        await pilot.pause()
        assert type(app.screen).__name__ == "NoteDialog"
        assert app.state.cycle is not None and len(app.state.cycle.notes) == 1  # nothing changed


async def test_a_long_rationale_wraps_under_its_own_text(make_app: AppFactory) -> None:
    """Hanging indent: the second line of a wrapped value starts under the value, not at the
    screen's left edge under the labels."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        content = app.screen.query_one("#decision-text", Static).content
        lines = [line for line in plain(content, width=40).splitlines() if line.strip()]
        assert lines[0].startswith("Decision ↻ CONTINUE TESTING")
        assert len(lines) > 5  # 40 columns wrap the rationale and the register line
        for line in lines[1:]:
            label, value = line[:9], line[9:]
            assert label.strip() in ("", "Register", "Notes"), line
            assert value and not value.startswith(" "), line


async def test_at_80_columns_the_action_status_is_not_cut(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        table: DataTable[str] = app.screen.query_one("#actions", DataTable)
        widths = [column.get_render_width(table) for column in table.columns.values()]
        assert sum(widths) <= 80 - 2  # all five columns, with room for the scrollbar
        history: DataTable[str] = app.screen.query_one("#history", DataTable)
        labels = [str(column.label) for column in history.columns.values()]
        # status and start give way to what was decided, and the selected metric
        assert labels == ["cycle", "decision", "outcome", "MTTR P1/P2"]
        widths = [column.get_render_width(history) for column in history.columns.values()]
        assert sum(widths) <= 80 - 2
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        labels = [str(column.label) for column in history.columns.values()]
        assert labels[-3:] == ["status", "from", "MTTR P1/P2"]


async def test_one_cycle_file_opens_with_its_whole_workspace(
    sample_workspace: Path, tmp_path: Path
) -> None:
    """``csi-tui WORKSPACE/cycles/one.toml`` opens that cycle, and the service's other cycles
    come along: step 7's history (and step 4's earlier cycles) are not empty."""
    from csi_tui.tui.app import CsiApp

    root = tmp_path / "sample"
    shutil.copytree(sample_workspace, root)
    older = root / "cycles" / "email-2025-first-fix.toml"  # not the cycle a folder opens
    app = CsiApp(older, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.state.cycle_id == "email-2025-first-fix"
        assert app.state.workspace is not None and len(app.state.workspace.cycles) == 2
        await pilot.press("7")
        await pilot.pause()
        rows = table_rows(app, "#history")
        assert [r[0] for r in rows] == ["● email-2025-first-fix", "  email-2026-p1p2-mttr"]
        assert "CSI-001" in text_of(app, "#decision-text")  # the register came along too


async def test_step7_commands_are_in_the_palette(make_app: AppFactory) -> None:
    from csi_tui.tui.commands import CsiCommands

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        provider = CsiCommands(app.screen)
        texts = [text for text, _help, _callback in provider.commands()]
        for wanted in (
            "Adopt the results as the new baseline",
            "Continue testing: extend the cycle",
            "Reject the change: close the cycle",
        ):
            assert wanted in texts
        reject = next(cb for text, _h, cb in provider.commands() if text.startswith("Reject"))
        reject()
        await pilot.pause()
        await pilot.pause()
        from csi_tui.tui.dialogs.reject_dialog import RejectDialog

        assert isinstance(app.screen, RejectDialog)  # step 7 shown, its reject dialog open


async def test_overdue_actions_say_so_and_are_counted(make_app: AppFactory) -> None:
    app = make_app()
    app.wall_clock = lambda: datetime(2026, 12, 7, 9, 0)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        rows = table_rows(app, "#actions")
        # A1 was due on 2026-12-01 and is still in progress; A2 is done, so never late.
        assert rows[0][-1] == "◐ overdue 6 d"
        assert rows[1][-1] == "✔ done 2026-11-25"
        table: DataTable[str] = app.screen.query_one("#actions", DataTable)
        assert "⚠ 1 overdue" in str(table.border_title)
