"""Step 6: Present."""

from __future__ import annotations

from csi_tui.tui.screens.base import StepScreen


class PresentScreen(StepScreen):
    STEP = 6
