"""Step 7 in a real terminal: shift+A opens the adopt dialog, the decision is recorded on the
spot, the next cycle opens; everything with the keyboard alone, at 80x24."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from terminal import Terminal, wait_for_exit

pytestmark = pytest.mark.e2e


def test_adopt_from_the_keyboard(terminal: tuple[Terminal, Path], tmp_path: Path) -> None:
    term, status = terminal
    term.wait_for(lambda s: "Email" in s.splitlines()[0] and "review" in s, "the open cycle")
    # Step 6 first, as a meeting does: its key charts follow the next cycle once adopted (their
    # new order crashed the app with DuplicateIds once).
    term.press("6")
    term.wait_for(lambda s: "[6 Present]" in s and "Scorecard" in s, "step 6")
    term.press("7")
    term.wait_for(lambda s: "[7 Implement]" in s and "email-2025-first-fix" in s, "step 7")
    # The numbers must be in before adopting: the title says when the work is done.
    term.wait_for(lambda s: "⏳" not in s.splitlines()[0], "the cycle computed")
    term.press("A")
    term.wait_for(lambda s: "as the new standard baseline" in s, "the adopt dialog")
    # by (focused), tab to the decision box, space ticks it, tab to the reason; at a person's
    # pace (keys sent in one burst reach a field before the tab that leaves it is handled)
    for keys in (("Priya",), ("Tab",), ("Space",), ("Tab",), ("SLA inside its amber band",)):
        term.press(*keys)
        time.sleep(0.3)
    term.wait_for(lambda s: "[x] Record" in s and "SLA inside its amber" in s, "the form filled")
    term.press("Enter")
    term.wait_for(
        lambda s: "email-2027-p1p2-mttr" in s and "draft" in s.splitlines()[0], "the next cycle"
    )
    # the adopted cycle's row, once the notification over the history has gone
    term.wait_for(lambda s: "mttr  ✔ ADOPT     ✔ successful" in s, "the history row")
    term.press("6")
    term.wait_for(lambda s: "[6 Present]" in s and "Scorecard" in s, "step 6, the next cycle")
    assert "Traceback" not in term.screen() and term.alive()
    cycles = tmp_path / "home"
    assert list(cycles.rglob("email-2027-p1p2-mttr.toml")), "the next cycle's file"
    term.press("q")
    assert wait_for_exit(status) == "0"
    assert "Traceback" not in term.screen()
