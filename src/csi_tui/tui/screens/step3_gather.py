"""Step 3: Gather."""

from __future__ import annotations

from csi_tui.tui.screens.base import StepScreen


class GatherScreen(StepScreen):
    STEP = 3
