"""The App's foundation: the shared state and what every layer of CsiApp reads.

CsiApp is built in layers, each in its own file: loading (workers, file watch) on this base,
saving on loading, the meeting records on saving, and app.py wires them. Each layer is a real
subclass, so it is typed as the App it is and sees the layers below it; nothing imports app.py.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.reactive import var
from textual.screen import Screen

from csi_tui.tui.services import Services
from csi_tui.tui.state import AppState
from csi_tui.tui.steps import STEPS


class CsiAppBase(App[None]):
    """The state (screens watch it), the services the workers call, the start path."""

    # A var, not a reactive: each screen repaints what the state changes in it; a reactive also
    # repainted the whole screen on show at every change (progress comes ten times a second).
    state: var[AppState] = var(AppState, always_update=True)

    def __init__(self, path: Path | None, services: Services, *, watch_files: bool) -> None:
        super().__init__()
        self.start_path = path
        self.services = services
        self.watch_files = watch_files
        self.prebuilt: dict[str, Screen[None]] = {}  # mode -> screen mounted ahead of its visit
        self.prebuilding: dict[str, Screen[None]] = {}  # mode -> screen being mounted ahead

    def action_step(self, number: int) -> None:
        self.switch_mode(STEPS[number - 1].mode)
