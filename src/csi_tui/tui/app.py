"""The App only wires things together: modes (one per step), the shared state, key bindings."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from csi_tui.tui.screens.step1_strategy import StrategyScreen
from csi_tui.tui.screens.step2_measures import MeasuresScreen
from csi_tui.tui.screens.step3_gather import GatherScreen
from csi_tui.tui.screens.step4_process import ProcessScreen
from csi_tui.tui.screens.step5_analyse import AnalyseScreen
from csi_tui.tui.screens.step6_present import PresentScreen
from csi_tui.tui.screens.step7_implement import ImplementScreen
from csi_tui.tui.state import AppState
from csi_tui.tui.steps import STEPS


class CsiApp(App[None]):
    TITLE = "csi-tui"
    MODES = {
        "strategy": StrategyScreen,
        "measures": MeasuresScreen,
        "gather": GatherScreen,
        "process": ProcessScreen,
        "analyse": AnalyseScreen,
        "present": PresentScreen,
        "implement": ImplementScreen,
    }
    BINDINGS = [
        *(
            Binding(str(s.number), f"step({s.number})", s.label, show=False, id=f"step-{s.number}")
            for s in STEPS
        ),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    state: reactive[AppState] = reactive(AppState, always_update=True)

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.start_path = path

    def on_mount(self) -> None:
        self.switch_mode("strategy")

    def action_step(self, number: int) -> None:
        self.switch_mode(STEPS[number - 1].mode)
