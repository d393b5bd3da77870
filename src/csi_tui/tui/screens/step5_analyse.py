"""Step 5: Analyse."""

from __future__ import annotations

from csi_tui.tui.screens.base import StepScreen


class AnalyseScreen(StepScreen):
    STEP = 5
