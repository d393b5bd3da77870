"""csi_tui.analysis: step 5, did the results meet the expectation?

``analyse_cycle(cycle, compute_result)`` returns a ``CycleAnalysis`` (see ``results``);
``analysis_to_json`` turns one metric's results into JSON (``docs/analysis.md``).

The names below load on first use: importing ``csi_tui.analysis.results`` (all a screen needs
to show results) must not pay for scipy, which ``analyse`` pulls in.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csi_tui.analysis.analyse import analyse_cycle, analyse_metric
    from csi_tui.analysis.results import CycleAnalysis, MetricAnalysis
    from csi_tui.analysis.to_json import analysis_to_json, cycle_analysis_to_json

_EXPORTS = {
    "analyse_cycle": "csi_tui.analysis.analyse",
    "analyse_metric": "csi_tui.analysis.analyse",
    "CycleAnalysis": "csi_tui.analysis.results",
    "MetricAnalysis": "csi_tui.analysis.results",
    "analysis_to_json": "csi_tui.analysis.to_json",
    "cycle_analysis_to_json": "csi_tui.analysis.to_json",
}
__all__ = [
    "CycleAnalysis",
    "MetricAnalysis",
    "analyse_cycle",
    "analyse_metric",
    "analysis_to_json",
    "cycle_analysis_to_json",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'csi_tui.analysis' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
