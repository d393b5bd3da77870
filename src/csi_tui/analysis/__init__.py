"""csi_tui.analysis: step 5, did the results meet the expectation?

``analyse_cycle(cycle, compute_result)`` returns a ``CycleAnalysis`` (see ``results``);
``analysis_to_json`` turns one metric's results into JSON (``docs/analysis.md``).
"""

from csi_tui.analysis.analyse import analyse_cycle, analyse_metric
from csi_tui.analysis.results import CycleAnalysis, MetricAnalysis
from csi_tui.analysis.to_json import analysis_to_json, cycle_analysis_to_json

__all__ = [
    "CycleAnalysis",
    "MetricAnalysis",
    "analyse_cycle",
    "analyse_metric",
    "analysis_to_json",
    "cycle_analysis_to_json",
]
