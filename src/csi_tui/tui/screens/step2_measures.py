"""Step 2: Measures."""

from __future__ import annotations

from csi_tui.tui.screens.base import StepScreen


class MeasuresScreen(StepScreen):
    STEP = 2
