"""Step 7 in the app, over a copy of the sample workspace and the real engine: adopt opens the
next cycle, continue testing moves the end, reject closes the cycle; refusals save nothing."""

from __future__ import annotations

import asyncio
import shutil
import tomllib
from pathlib import Path

from textual.widgets import Checkbox, Input, Static
from tui_helpers import notified, settle, table_rows, text_of

from csi_tui.tui.app import CsiApp
from csi_tui.tui.dialogs.adopt_dialog import AdoptDialog
from csi_tui.tui.dialogs.continue_dialog import ContinueDialog
from csi_tui.tui.dialogs.reject_dialog import RejectDialog

LIVE = "email-2026-p1p2-mttr"
NEXT = "email-2027-p1p2-mttr"
DECISION = """
[[decisions]]
date = 2026-12-10
decision = "adopt"
rationale = "MTTR well under target since June."
"""


def _copy(sample: Path, tmp_path: Path, decide: bool) -> Path:
    root = tmp_path / "sample"
    shutil.copytree(sample, root)
    if decide:
        live = root / "cycles" / f"{LIVE}.toml"
        text = live.read_text()
        at = text.index("\n[[actions]]")
        live.write_text(text[:at] + DECISION + text[at:])
    return root


async def _loaded(app: CsiApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(300):
        await settle(app, pilot)
        if app.state.loaded and app.state.busy is None and app.state.analysis is not None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"still loading: {app.state.busy}")


async def _idle(app: CsiApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(300):
        await settle(app, pilot)
        if app.state.loaded and app.state.busy is None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"still busy: {app.state.busy}")


def _fill(app: CsiApp, selector: str, value: str) -> None:
    app.screen.query_one(selector, Input).value = value


async def test_adopt_opens_the_next_cycle(sample_workspace: Path, tmp_path: Path) -> None:
    root = _copy(sample_workspace, tmp_path, decide=True)
    app = CsiApp(root, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(app, pilot)
        await pilot.press("7", "A")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AdoptDialog)
        assert dialog.query_one("#next-id", Input).value == NEXT
        assert dialog.query_one("#start", Input).value == "2027-01-01"
        assert [v.name for v in dialog.short] == ["SLA met"]  # at risk: a reason is needed
        await pilot.press("enter")  # no reason yet: refused inside the dialog
        await pilot.pause()
        assert isinstance(app.screen, AdoptDialog)
        assert "say why you adopt anyway" in str(app.screen.query_one("#error", Static).content)
        _fill(app, "#by", "Priya")
        _fill(app, "#override", "SLA inside its amber band")
        app.screen.query_one("#override", Input).focus()
        await pilot.press("enter")
        await _idle(app, pilot)
        assert app.state.cycle_id == NEXT
        assert notified(app, f"next cycle {NEXT} opened")
        next_file = root / "cycles" / f"{NEXT}.toml"
        assert next_file.exists()
        old = tomllib.loads((root / "cycles" / f"{LIVE}.toml").read_text())
        assert old["adoption"]["override"] == "SLA inside its amber band"
        assert old["cycle"]["status"] == "closed"
        cycle = app.state.cycle
        assert cycle is not None and cycle.cycle.previous == LIVE
        assert cycle.metric("mttr_p1p2").baseline == old["adoption"]["baselines"]["mttr_p1p2"]  # type: ignore[union-attr]
        rows = table_rows(app, "#history")
        assert [r[0].strip("● ").strip() for r in rows] == ["email-2025-first-fix", LIVE, NEXT]
        adopted = old["adoption"]["baselines"]["mttr_p1p2"]
        assert rows[1][2] == "✔ successful" and rows[1][3].endswith(f"→ {adopted:.1f} h")
        assert rows[2][3].startswith(f"{adopted:.1f} → ")
        assert "closed successful" in text_of(app, "#decision-text")


async def test_adopt_without_an_adopt_decision_records_it_when_asked(
    sample_workspace: Path, tmp_path: Path
) -> None:
    root = _copy(sample_workspace, tmp_path, decide=False)
    app = CsiApp(root, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(app, pilot)
        await pilot.press("7", "A")
        await pilot.pause()
        assert isinstance(app.screen, AdoptDialog)
        _fill(app, "#override", "accepted by the board")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "tick the box" in str(app.screen.query_one("#error", Static).content)
        assert not (root / "cycles" / f"{NEXT}.toml").exists()
        app.screen.query_one("#record-decision", Checkbox).value = True
        await pilot.press("ctrl+s")
        await _idle(app, pilot)
        old = tomllib.loads((root / "cycles" / f"{LIVE}.toml").read_text())
        assert old["decisions"][-1]["decision"] == "adopt"
        assert app.state.cycle_id == NEXT


async def test_adopting_a_closed_cycle_is_refused(sample_workspace: Path, tmp_path: Path) -> None:
    root = _copy(sample_workspace, tmp_path, decide=False)
    app = CsiApp(root / "cycles" / "email-2025-first-fix.toml", watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(app, pilot)
        await pilot.press("7", "A")
        await pilot.pause()
        assert not isinstance(app.screen, AdoptDialog)
        assert notified(app, "was already adopted on 2026-01-14")
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, ContinueDialog)
        assert notified(app, "is closed: it cannot be extended")


async def test_continue_testing_moves_the_end(sample_workspace: Path, tmp_path: Path) -> None:
    root = _copy(sample_workspace, tmp_path, decide=False)
    app = CsiApp(root, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(app, pilot)
        await pilot.press("7", "c")
        await pilot.pause()
        assert isinstance(app.screen, ContinueDialog)
        assert app.screen.query_one("#until", Input).value == "2027-03-31"  # a quarter more
        _fill(app, "#reason", "SLA still short; look again in March")
        await pilot.press("enter")
        await _loaded(app, pilot)
        cycle = app.state.cycle
        assert cycle is not None and str(cycle.cycle.end) == "2027-03-31"
        assert cycle.extensions[0].reason == "SLA still short; look again in March"
        assert "Extended" in text_of(app, "#decision-text")


async def test_reject_closes_the_cycle_and_its_entry(
    sample_workspace: Path, tmp_path: Path
) -> None:
    root = _copy(sample_workspace, tmp_path, decide=False)
    app = CsiApp(root, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(app, pilot)
        await pilot.press("7", "x")
        await pilot.pause()
        assert isinstance(app.screen, RejectDialog)
        await pilot.press("enter")  # no reason: refused
        await pilot.pause()
        assert isinstance(app.screen, RejectDialog)
        _fill(app, "#reason", "reopens rose with swarming")
        await pilot.press("enter")
        await _idle(app, pilot)
        cycle = app.state.cycle
        assert cycle is not None and cycle.outcome is not None
        assert cycle.outcome.result == "unsuccessful" and cycle.cycle.status == "closed"
        assert cycle.decision is not None and cycle.decision.decision == "reject"
        register = app.state.workspace.register  # type: ignore[union-attr]
        entry = register.get("CSI-002")  # type: ignore[union-attr]
        assert entry is not None and entry.closure_code == "unsuccessful"
        assert "✖ UNSUCCESSFUL" in text_of(app, "#decision-text")


async def test_a_meeting_that_adopts_writes_minutes_about_the_cycle_it_reviewed(
    sample_workspace: Path, tmp_path: Path
) -> None:
    """Adopting mid-meeting opens the next cycle; ending the meeting then must still write the
    minutes, the scorecard and [[meetings]] of the cycle reviewed (they went to the next one)."""
    from datetime import datetime

    from csi_tui.cycle.load import load_cycle
    from csi_tui.tui.dialogs.meeting_people import MeetingPeopleDialog

    root = _copy(sample_workspace, tmp_path, decide=True)
    app = CsiApp(root, watch_files=False)
    app.wall_clock = lambda: datetime(2026, 12, 10, 10, 0)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")  # the meeting starts with the prefilled people
        await pilot.pause()
        await pilot.press("7", "A")
        await pilot.pause()
        _fill(app, "#by", "Priya")
        _fill(app, "#override", "SLA inside its amber band")
        app.screen.query_one("#override", Input).focus()
        await pilot.press("enter")
        await _idle(app, pilot)
        assert app.state.cycle_id == NEXT and app.meeting_run is not None
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingPeopleDialog)
        await pilot.press("enter")
        await _idle(app, pilot)
        assert app.meeting_run is None
    minutes = root / "minutes" / f"{LIVE}-2026-12-10.md"
    assert minutes.exists() and not (root / "minutes" / f"{NEXT}-2026-12-10.md").exists()
    text = minutes.read_text()
    assert f"improvement cycle `{LIVE}`" in text
    assert "| ▲ MET | MTTR P1/P2 |" in text  # the reviewed cycle's numbers, not the next's n/a
    assert load_cycle(root / "cycles" / f"{LIVE}.toml").meetings[-1].minutes == (
        f"../minutes/{LIVE}-2026-12-10.md"
    )
    assert load_cycle(root / "cycles" / f"{NEXT}.toml").meetings == ()
