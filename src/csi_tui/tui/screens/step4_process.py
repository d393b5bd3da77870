"""Step 4: Process."""

from __future__ import annotations

from csi_tui.tui.screens.base import StepScreen


class ProcessScreen(StepScreen):
    STEP = 4
