"""The shared base of the seven step screens: header line, step bar, body, footer.

Subclasses set ``STEP`` and implement ``compose_body`` and ``show_state``; ``show_state`` is called
whenever the app state is replaced (and once on mount), so screens never recompute on a switch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from csi_tui.tui.state import AppState
from csi_tui.tui.steps import STEPS, Step
from csi_tui.tui.widgets.step_bar import StepBar

if TYPE_CHECKING:
    from csi_tui.tui.app import CsiApp


class StepScreen(Screen[None]):
    STEP: ClassVar[int] = 1

    @property
    def step(self) -> Step:
        return STEPS[self.STEP - 1]

    @property
    def csi_app(self) -> CsiApp:
        from csi_tui.tui.app import CsiApp

        assert isinstance(self.app, CsiApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Static(id="title-line")
        yield StepBar(self.STEP, id="step-bar")
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield Static(self.step.question)

    def on_mount(self) -> None:
        self.watch(self.app, "state", self._state_changed, init=True)

    def _state_changed(self, state: AppState) -> None:
        cycle = state.cycle
        title = "csi-tui"
        if cycle is not None:
            title = f"csi-tui · {cycle.cycle.service} · {cycle.cycle.title}"
        status = f"  [{state.busy}]" if state.busy else ""
        self.query_one("#title-line", Static).update(f"{title}{status}")
        self.show_state(state)

    def show_state(self, state: AppState) -> None:
        """Update the screen's widgets from the state. Override."""
