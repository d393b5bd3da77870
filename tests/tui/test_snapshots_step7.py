"""How step 7 looks with a history of three cycles (80x24 and 120x40, dark), and its adopt dialog.

Over the Python-built workspace and the fake engine, deterministic. Regenerate with
``pytest tests/tui/test_snapshots_step7.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import AppFactory, build_workspace, notified, settle, table_rows

from csi_tui.cycle.model import Adoption, Cycle, CycleInfo, Decision, Outcome, Workspace

THIRD = "email-2027-q1"


def three_cycles(root: Path) -> Workspace:
    """q2 adopted, q4 adopted and closed with its outcome, 2027-q1 under review, decided adopt."""
    base = build_workspace(root)
    q2, q4 = base.cycles
    q4 = replace(
        q4,
        cycle=replace(q4.cycle, status="closed"),
        decisions=(*q4.decisions, Decision(date(2026, 12, 15), "adopt", "P2s caught up", "CAB")),
        adoption=Adoption(date(2026, 12, 16), "Dana", {"mttr": 6.9}, THIRD, "window_mean"),
        outcome=Outcome(date(2026, 12, 16), "successful", "Adopted; next cycle email-2027-q1."),
    )
    metrics = tuple(replace(m, baseline=6.9) if m.id == "mttr" else m for m in q4.metrics)
    third = Cycle(
        cycle=CycleInfo(
            id=THIRD,
            title="Keep P1/P2 under six hours",
            service="Email",
            owner="Dana",
            start=date(2027, 1, 1),
            end=date(2027, 3, 31),
            status="review",
            previous=q4.id,
            register_id="CSI-002",
        ),
        strategy=q4.strategy,
        sources=q4.sources,
        metrics=metrics,
        decisions=(Decision(date(2027, 4, 2), "adopt", "Held under six hours", "CAB"),),
        path=root / "cycles" / f"{THIRD}.toml",
    )
    assert third.path is not None
    third.path.write_text(f"# {THIRD}\n")
    return replace(base, cycles=(q2, q4, third))


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return three_cycles(tmp_path / "ws")


def prepare(*keys: str) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot.app, pilot)  # type: ignore[arg-type]
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot.app, pilot)  # type: ignore[arg-type]
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


async def test_the_history_of_three_cycles(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("7")
        await settle(app, pilot)
        rows = table_rows(app, "#history")
        assert [r[0] for r in rows] == ["  email-2026-q2", "  email-2026-q4", f"● {THIRD}"]
        assert [r[2] for r in rows] == ["✔ successful", "✔ successful", "— open"]
        # baseline -> result (the fake engine's mean, 6.9 h) -> adopted, per cycle
        assert [r[3] for r in rows] == [
            "9.2 → 6.9 → 6.4 h",
            "9.2 → 6.9 → 6.9 h",
            "6.9 → 6.9 → n/a h",
        ]
        await pilot.press(
            "right_square_bracket"
        )  # the next metric: reopen rate, never computed by the fake
        await pilot.pause()
        assert table_rows(app, "#history")[0][3] == "n/a → n/a → n/a %"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_step7_three_cycles(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=prepare("7"))


def test_adopt_dialog(snap_compare: Any, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=prepare("7", "A"))


async def test_a_broken_previous_chain_is_named_in_the_history(
    make_app: AppFactory, workspace: Workspace
) -> None:
    q2, q4, third = workspace.cycles
    broken = replace(q4, cycle=replace(q4.cycle, previous="email-2025-gone"))
    app = make_app(
        open_workspace=lambda _path: (replace(workspace, cycles=(q2, broken, third)), None)
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("7")
        await settle(app, pilot)
        title = str(app.screen.query_one("#history").border_title)
        assert "✖ cycle 'email-2026-q4' follows 'email-2025-gone'" in title
        await pilot.press("A")  # adopting the cycle after the broken link is refused
        await pilot.pause()
        assert notified(app, "which is not in this workspace")
