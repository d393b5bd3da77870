"""The first frame must not wait for polars or scipy: they load in workers after it."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import csi_tui.tui.app
import csi_tui.tui.screens.step1_strategy  # the screen of the first frame
heavy = sorted(m for m in ("polars", "scipy", "numpy", "plotext", "csi_tui.data.engine")
               if m in sys.modules)
print(",".join(heavy))
"""


def test_the_app_and_its_first_screen_import_no_heavy_module() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
