"""The App as its parts see it: what the palette, the edit forms, the report export and the screens
may ask of CsiApp.

The parts depend on this Protocol, not on ``app.py``, so the App can import them without a circle;
mypy checks that CsiApp provides all of it (at the end of ``app.py``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.theme import Theme
    from textual.widget import AwaitMount
    from textual.worker import Worker, WorkType

    from csi_tui.cycle.agenda import MeetingRun
    from csi_tui.cycle.model import Cycle, Register
    from csi_tui.cycle.save import ChangedOnDisk
    from csi_tui.errors import Problem
    from csi_tui.tui.saving import MakeMine, Recompute
    from csi_tui.tui.services import Services
    from csi_tui.tui.state import AppState
    from csi_tui.tui.undo import Kind

ScreenResult = TypeVar("ScreenResult")
WorkResult = TypeVar("WorkResult")
Returned = TypeVar("Returned")


class CsiHost(Protocol):
    # ------------------------------------------------------------ the state and the core
    @property
    def state(self) -> AppState: ...
    @property
    def services(self) -> Services: ...
    @property
    def meeting_run(self) -> MeetingRun | None: ...
    @property
    def clock(self) -> Callable[[], float]: ...  # seconds, monotonic (tests move it)
    def today(self) -> date: ...  # the wall clock's day (tests freeze it)

    # ------------------------------------------------------------ loading (loading.py)
    def start_loading(self, cycle_id: str | None = None) -> None: ...
    def open_cycle(self, cycle_id: str) -> None: ...
    def select_metric(self, metric_id: str) -> None: ...
    def _notify_problems(self, problems: tuple[Problem, ...]) -> None: ...

    # ------------------------------------------------------------ saving (saving.py)
    def save_cycle_edit(
        self, label: str, change: Callable[[Cycle], Cycle], *, recompute: Recompute = "none"
    ) -> Cycle | None: ...
    def save_register_edit(
        self, label: str, change: Callable[[Register], Register]
    ) -> Register | None: ...
    def record_save(
        self, kind: Kind, label: str, saved: Any, before: bytes | None, recompute: Recompute
    ) -> None: ...
    def apply_saved(self, kind: Kind, saved: Any, recompute: Recompute) -> None: ...
    def apply_saved_cycle(self, saved: Cycle, *, recompute: Recompute = "none") -> None: ...
    def resolve_conflict(
        self,
        kind: Kind,
        label: str,
        conflict: ChangedOnDisk,
        make_mine: MakeMine,
        loaded: bytes | None,
        *,
        recompute: Recompute = "none",
        on_done: Callable[[str, Any], None] | None = None,
    ) -> None: ...

    # ------------------------------------------------------------ actions (keys and palette)
    def action_step(self, number: int) -> None: ...
    def action_reload(self) -> None: ...
    def action_export_report(self, fmt: str) -> None: ...
    def action_edit_raw(self) -> None: ...
    def action_undo(self) -> None: ...
    def action_note(self) -> None: ...
    def action_decide(self) -> None: ...
    def action_add_action(self) -> None: ...
    def action_action_status(self) -> None: ...
    def action_meeting(self) -> None: ...
    def action_agenda(self, step: int) -> None: ...
    def action_attendees(self) -> None: ...
    def action_present(self) -> None: ...

    # ------------------------------------------------------------ Textual's App, as parts use it
    theme: str

    @property
    def available_themes(self) -> dict[str, Theme]: ...
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...
    def push_screen(
        self,
        screen: Screen[ScreenResult],
        callback: Callable[[ScreenResult | None], None] | None = None,
    ) -> AwaitMount: ...
    def call_from_thread(
        self, callback: Callable[..., Returned | Awaitable[Returned]], *args: Any, **kwargs: Any
    ) -> Returned: ...
    def call_after_refresh(
        self, callback: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> bool: ...
    async def run_action(self, action: str) -> bool: ...
    def run_worker(
        self,
        work: WorkType[WorkResult],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[WorkResult]: ...


def as_host(app: App[Any]) -> CsiHost:
    """``app`` as the CsiApp it is: screens, dialogs and palette providers only ever run in CsiApp,
    but Textual types their ``self.app`` as a plain App."""
    return cast("CsiHost", app)
