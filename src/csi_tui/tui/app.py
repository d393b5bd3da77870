"""The App only wires things together: modes (one per step), the shared state, keys, themes.

Loading lives in ``loading.py`` (workers, file watch), themes in ``themes.py``, the palette in
``commands.py``, help in ``screens/help_screen.py``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path

from textual._context import active_app
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen

from csi_tui import paths
from csi_tui.errors import Problem
from csi_tui.tui.commands import CsiCommands, system_commands
from csi_tui.tui.config import load_config, save_setting
from csi_tui.tui.heap import freeze_long_lived
from csi_tui.tui.loading import LoadingMixin
from csi_tui.tui.meeting_mode import MeetingMixin
from csi_tui.tui.notices import NOTICES_CSS, NoticesMixin
from csi_tui.tui.saving import SavingMixin
from csi_tui.tui.services import Services
from csi_tui.tui.state import AppState
from csi_tui.tui.steps import STEPS
from csi_tui.tui.themes import APP_VARIABLE_DEFAULTS, DEFAULT_THEME, load_themes

SCREENS_BY_MODE: dict[str, tuple[str, str]] = {
    "strategy": ("step1_strategy", "StrategyScreen"),
    "measures": ("step2_measures", "MeasuresScreen"),
    "gather": ("step3_gather", "GatherScreen"),
    "process": ("step4_process", "ProcessScreen"),
    "analyse": ("step5_analyse", "AnalyseScreen"),
    "present": ("step6_present", "PresentScreen"),
    "implement": ("step7_implement", "ImplementScreen"),
}


# The order the steps are imported and built ahead after the first paint: the light ones first, so
# they are ready within a few hundred ms; steps 4-6 import the analysis (scipy) and come last.
WARM_UP_ORDER = ("strategy", "measures", "gather", "implement", "process", "analyse", "present")


def screen_class(mode: str) -> type[Screen[None]]:
    module, name = SCREENS_BY_MODE[mode]
    screen: type[Screen[None]] = getattr(
        importlib.import_module(f"csi_tui.tui.screens.{module}"), name
    )
    return screen


def _lazy_screen(mode: str) -> Callable[[], Screen[None]]:
    def make() -> Screen[None]:
        # A screen built ahead of time after the first paint (LoadingMixin.prebuild_screens) is
        # already composed and mounted; showing it is then only a layout and a paint.
        app = active_app.get()
        # One still being built is taken as it is: its mount goes on as a first visit's would.
        prebuilt = None
        if isinstance(app, CsiApp):
            prebuilt = app.prebuilt.pop(mode, None)
            if prebuilt is None:
                prebuilt = app.prebuilding.pop(mode, None)
        return prebuilt if prebuilt is not None else screen_class(mode)()

    return make


class CsiApp(MeetingMixin, NoticesMixin, SavingMixin, LoadingMixin, App[None]):
    TITLE = "csi-tui"
    CSS = NOTICES_CSS
    COMMANDS = App.COMMANDS | {CsiCommands}
    # Screens are imported when first shown (or by the warm-up worker after the first paint):
    # some pull in polars and scipy, which must not delay the first frame.
    MODES = {step.mode: _lazy_screen(step.mode) for step in STEPS}
    BINDINGS = [
        *(
            Binding(str(s.number), f"step({s.number})", s.label, show=False, id=f"step-{s.number}")
            for s in STEPS
        ),
        Binding("question_mark,f1", "help", "Help", key_display="?", id="help"),
        Binding("ctrl+e", "export_report('html')", "Export report", show=False, id="export-report"),
        Binding("o", "choose_cycle", "Cycles", show=False, id="open-cycle"),
        Binding("r", "reload", "Reload", show=False, id="reload"),
        Binding("E", "edit_raw", "Raw TOML", show=False, id="edit-raw"),
        Binding("ctrl+z", "undo", "Undo", show=False, id="undo"),
        Binding("q", "quit", "Quit", id="quit"),
        # Recording the meeting (meeting_mode.py): out of the footers (each step's own keys fill
        # 80 columns), in the help and the palette; "> Next" shows while a meeting runs.
        Binding("n", "note", "Note", show=False, id="note"),
        Binding("d", "decide", "Decide", show=False, id="decide"),
        Binding("a", "add_action", "Action", show=False, id="action"),
        Binding("m", "meeting", "Meeting", show=False, id="meeting"),
        Binding("ctrl+right,greater_than_sign", "agenda(1)", "Next", key_display=">",
                id="agenda-next"),
        Binding("ctrl+left,less_than_sign", "agenda(-1)", "Previous item", show=False,
                id="agenda-previous"),
        Binding("p", "present", "Present", show=False, id="present"),
    ]  # fmt: skip

    # A var, not a reactive: each screen repaints what the state changes in it; a reactive also
    # repainted the whole screen on show at every change (progress comes ten times a second).
    state: var[AppState] = var(AppState, always_update=True)

    def __init__(
        self,
        path: Path | None = None,
        *,
        theme: str | None = None,
        services: Services | None = None,
        watch_files: bool = True,
    ) -> None:
        super().__init__()
        self.start_path = path
        self.services = services or Services()
        self.watch_files = watch_files
        self.setup_problems: tuple[Problem, ...] = ()
        self.prebuilt: dict[str, Screen[None]] = {}  # mode -> screen mounted ahead of its visit
        self.prebuilding: dict[str, Screen[None]] = {}  # mode -> screen being mounted ahead
        self._register_themes(theme)

    def _register_themes(self, requested: str | None) -> None:
        themes, problems = load_themes([paths.bundled_themes_dir(), paths.user_themes_dir()])
        for theme in themes:
            self.register_theme(theme)
        config, config_problems = load_config()
        wanted = requested or config.get("theme") or DEFAULT_THEME
        if wanted not in self.available_themes:
            problems += (
                Problem(
                    f"theme {wanted!r} is not installed",
                    key="theme",
                    file=paths.config_file() if not requested else None,
                    hint=f"choose one of: {', '.join(sorted(self.available_themes))}",
                    severity="warning",
                ),
            )
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self.theme = wanted
        self.setup_problems = problems + config_problems + self._apply_keymap(config)

    def _apply_keymap(self, config: dict[str, object]) -> tuple[Problem, ...]:
        """``[keymap]`` in the config: binding id = "keys", e.g. ``quit = "ctrl+q"``."""
        keymap = config.get("keymap", {})
        if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
            return (
                Problem(
                    'must be a table of binding id = "keys"',
                    file=paths.config_file(),
                    key="keymap",
                    hint='e.g. [keymap] quit = "ctrl+q"; see the help screen for the keys',
                    severity="warning",
                ),
            )
        if keymap:
            self.set_keymap(keymap)
        return ()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        return system_commands(self, super().get_system_commands(screen))

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(APP_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        freeze_long_lived()  # textual and the app's own modules
        self.switch_mode("strategy")
        if self.setup_problems:
            self.state = AppState(problems=self.setup_problems)
            self._notify_problems(self.setup_problems)
        # Paint first; every heavy import and all file work happen in workers after that.
        self.call_after_refresh(self.start_loading)
        self.call_after_refresh(self.warm_up, list(WARM_UP_ORDER))
        if self.watch_files:
            self.start_watching()
        self.watch(self, "theme", self._save_theme, init=False)

    def _save_theme(self, theme: str) -> None:
        try:
            save_setting("theme", theme)
        except OSError as error:
            self.notify(f"could not save the theme choice: {error}", severity="warning")

    # ------------------------------------------------------------ actions
    def action_step(self, number: int) -> None:
        self.switch_mode(STEPS[number - 1].mode)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Dim the key of the step already showing.
        showing = action == "step" and parameters and self.current_mode == _mode(parameters[0])
        if showing:
            return None
        return self.check_meeting_action(action)

    def action_help(self) -> None:
        from csi_tui.tui.screens.help_screen import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        step = getattr(self.screen, "STEP", None)
        self.push_screen(HelpScreen(step))

    def action_export_report(self, fmt: str) -> None:
        from csi_tui.tui.report_export import export_report

        export_report(self, "md" if fmt == "md" else "html")

    def action_choose_cycle(self) -> None:
        from csi_tui.tui.dialogs.cycle_picker import CyclePicker

        workspace = self.state.workspace
        if workspace is None:
            self.notify("The workspace is still loading.", severity="warning")
            return

        def chosen(cycle_id: str | None) -> None:
            if cycle_id and cycle_id != self.state.cycle_id:
                self.open_cycle(cycle_id)

        self.push_screen(CyclePicker(workspace, self.state.cycle_id), chosen)

    def action_edit_raw(self) -> None:
        from csi_tui.tui.screens.raw_editor import RawEditorScreen

        if isinstance(self.screen, RawEditorScreen):
            return  # already editing it
        cycle = self.state.cycle
        if cycle is None or cycle.path is None:
            self.notify("No cycle file is open.", severity="warning")
            return
        try:
            screen = RawEditorScreen(
                cycle, self.state.workspace.root if self.state.workspace else None
            )
        except OSError as error:
            self.notify(f"cannot open {cycle.path.name}: {error}", severity="error")
            return
        self.push_screen(screen)

    async def action_quit(self) -> None:
        from csi_tui.tui.screens.raw_editor import RawEditorScreen

        # Typed TOML not yet saved is not dropped by a quit key without asking.
        editor = next((s for s in self.screen_stack if isinstance(s, RawEditorScreen)), None)
        if editor is not None and editor.dirty:
            editor.close_then(self.exit)
            return
        if self.meeting_run is not None:
            self.confirm_quit_during_meeting()
            return
        await super().action_quit()

    def action_reload(self) -> None:
        self.reload("Reading the cycle and its data again")

    def select_metric(self, metric_id: str) -> None:
        if metric_id != self.state.metric_id:
            self._set_state(metric_id=metric_id)


def _mode(number: object) -> str:
    return STEPS[int(str(number)) - 1].mode
