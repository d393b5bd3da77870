"""Which screen shows each step, imported on first use (by the step's mode or the warm-up worker).

Apart from ``app.py`` so the loading worker that builds screens ahead does not import the App.
"""

from __future__ import annotations

import importlib

from textual.screen import Screen

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
