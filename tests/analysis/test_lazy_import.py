"""Showing results needs only the result types: importing them must not load scipy."""

from __future__ import annotations

import subprocess
import sys


def test_the_result_types_load_without_scipy() -> None:
    code = (
        "import sys, csi_tui.analysis.results, csi_tui.analysis.fmt\n"
        "print('scipy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_package_names_still_resolve() -> None:
    import csi_tui.analysis as analysis

    assert analysis.analyse_cycle.__name__ == "analyse_cycle"
    assert set(analysis.__all__) >= {"analyse_cycle", "CycleAnalysis", "analysis_to_json"}
