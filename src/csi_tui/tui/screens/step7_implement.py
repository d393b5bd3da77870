"""Step 7: Implement."""

from __future__ import annotations

from csi_tui.tui.screens.base import StepScreen


class ImplementScreen(StepScreen):
    STEP = 7
