"""The banner over a step while the open cycle's file does not load: its last good version shows."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from csi_tui.errors import Problem
from csi_tui.tui.last_good import banner_text


class HeldBanner(Static):
    """Hidden while the open cycle's file loads; at most two lines, so the numbers stay in view."""

    DEFAULT_CSS = """
    HeldBanner {
        height: auto; max-height: 2; display: none;
        background: $warning 30%; color: $text; text-style: bold; padding: 0 1;
    }
    HeldBanner.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show_held(self, held: tuple[Problem, ...], root: Path | None) -> None:
        self.set_class(bool(held), "-shown")
        self.update(banner_text(held, root))
