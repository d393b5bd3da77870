"""The shared base of the seven step screens: title line, step bar, problems, body, footer.

Subclasses set ``STEP`` and implement ``compose_body`` and ``show_state``; ``show_state`` is called
whenever the app state is replaced (and once on mount), so screens never recompute on a switch.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static

from csi_tui.tui.host import CsiHost, as_host
from csi_tui.tui.state import AppState
from csi_tui.tui.steps import STEPS, Step
from csi_tui.tui.textual_internals import css_generation, mark_styled_now, resume_without_restyle
from csi_tui.tui.widgets.held_banner import HeldBanner
from csi_tui.tui.widgets.meeting_bar import MeetingBar
from csi_tui.tui.widgets.problem_panel import ProblemPanel
from csi_tui.tui.widgets.stable_footer import StableFooter
from csi_tui.tui.widgets.step_bar import StepBar


def title_text(state: AppState) -> str:
    cycle = state.cycle
    title = "csi-tui"
    if cycle is not None:
        title = f"csi-tui · {cycle.cycle.service} · {cycle.cycle.title}"
    if state.busy:
        percent = f" {state.progress:.0%}" if state.progress is not None else ""
        title += f"  ⏳ {state.busy}{percent}"
    elif cycle is not None:
        title += f"  · {cycle.cycle.status}"
    return title


class StepScreen(Screen[None]):
    STEP: ClassVar[int] = 1

    DEFAULT_CSS = """
    StepScreen #title-row { height: 1; }
    StepScreen #title-line { width: 1fr; height: 1; text-style: bold; }
    StepScreen #busy { width: 6; height: 1; display: none; }
    StepScreen #busy.-busy { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        # Textual restyles the whole app when it shows a screen whose stamp differs from the
        # app's CSS generation, and a new mode screen is never stamped, so its first visit and its
        # first return each restyled every widget of every screen. A screen built now is styled
        # with the current CSS when it mounts, so it is current: stamp it.
        mark_styled_now(self, self.app)

    @property
    def step(self) -> Step:
        return STEPS[self.STEP - 1]

    @property
    def csi_app(self) -> CsiHost:
        return as_host(self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="title-row"):
            yield Static(id="title-line", markup=False)
            yield LoadingIndicator(id="busy")
        yield StepBar(self.STEP, id="step-bar")
        yield HeldBanner(id="held")
        yield MeetingBar(id="meeting-bar")  # shown while a review meeting runs
        yield ProblemPanel(id="problems")
        yield from self.compose_body()
        yield StableFooter()

    def compose_body(self) -> ComposeResult:
        yield Static(self.step.question)

    @property
    def app_closed(self) -> bool:
        """The app stopped while this screen was being mounted. A screen built ahead of time
        (``prebuild_screens``) can be, when the user quits at that moment: its nested widgets then
        never arrive, so its mount and resize handlers have nothing to set up."""
        return not self.app.is_running

    def on_mount(self) -> None:
        if self.app_closed:
            return
        self.watch(self.app, "state", self._state_changed, init=True)

    # A step switch must not redo work. Textual restyles every widget of a screen when it comes
    # back, and each DataTable drops all its rendered lines when restyled, so a switch re-rendered
    # every visible cell. Restyling is only needed if something that styles depend on changed
    # while the screen was away: the CSS or theme (switch_mode refreshes that itself when stale,
    # counted by css_generation), terminal focus, or the size. Class changes made while away
    # (e.g. by show_state) are restyled at once by Textual, so they need nothing here.
    _away_key: Hashable | None = None

    def _style_key(self) -> Hashable:
        app = self.app
        return (css_generation(app), app.app_focus, app.size, app.theme)

    def on_screen_suspend(self) -> None:
        self._away_key = self._style_key()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler (subclass first), which restyles unless told not to.
        if self._away_key is not None and self._away_key == self._style_key():
            resume_without_restyle(event)
        self._away_key = None
        self._show_pending()  # before the paint: the first frame of a step is a filled one
        for bar in self.query(MeetingBar):
            bar.tick()  # the meeting started or moved on while this step was away

    # The state changes a dozen times during a load (progress, then each result). The step on
    # show follows at once; a step out of sight only notes the new state and catches up in its own
    # message queue, one screen at a time, so the loop is free for keys in between (and a step
    # coming back first catches up before it is painted). A step built ahead of its first visit
    # is filled on that visit: filling may start work (step 4 computes earlier cycles).
    _pending: AppState | None = None
    _catch_up_posted = False
    _filled = False

    def _state_changed(self, state: AppState) -> None:
        self._pending = state
        if self.is_current:
            self._show_pending()
        elif not self._filled:
            return
        elif not self._catch_up_posted:
            self._catch_up_posted = True
            self.call_later(self._catch_up)

    def _catch_up(self) -> None:
        self._catch_up_posted = False
        self._show_pending()

    def _show_pending(self) -> None:
        state, self._pending = self._pending, None
        if state is None:
            return
        self._filled = True
        self._show(state)

    def _show(self, state: AppState) -> None:
        self.query_one("#title-line", Static).update(title_text(state))
        self.query_one("#busy", LoadingIndicator).set_class(state.busy is not None, "-busy")
        root = state.workspace.root if state.workspace is not None else None
        self.query_one("#held", HeldBanner).show_held(state.held, root)
        self.query_one("#problems", ProblemPanel).show_problems(state.problems, root)
        self.show_state(state)

    def show_state(self, state: AppState) -> None:
        """Update the screen's widgets from the state. Override."""
