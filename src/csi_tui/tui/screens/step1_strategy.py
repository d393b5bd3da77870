"""Step 1: Strategy."""

from __future__ import annotations

from csi_tui.tui.screens.base import StepScreen


class StrategyScreen(StepScreen):
    STEP = 1
