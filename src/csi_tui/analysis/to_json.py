"""Step 5 results as JSON-safe dicts (documented in docs/analysis.md).

Dataclass fields keep their names; tuples become lists, dates ISO strings, NaN and infinities
null. Display helpers are added where the TUI uses them: ``badge``/``glyph``/``word`` on the
expectation, ``name``/``glyph`` on each signal, ``significant`` on the trend, ``p`` on the
comparison.
"""

from __future__ import annotations

from typing import Any

from csi_tui.analysis.results import CycleAnalysis, MetricAnalysis
from csi_tui.data.jsonable import to_jsonable

JsonValue = Any


def analysis_to_json(analysis: MetricAnalysis) -> dict[str, JsonValue]:
    """One metric's step 5 results as a JSON-safe dict."""
    out: dict[str, JsonValue] = to_jsonable(analysis)
    exp = analysis.expectation
    out["expectation"].update(badge=exp.badge, glyph=exp.glyph, word=exp.word)
    out["trend"]["significant"] = analysis.trend.significant
    for signal_json, signal in zip(out["chart"]["signals"], analysis.chart.signals, strict=True):
        signal_json.update(name=signal.name, glyph=signal.glyph)
    if analysis.comparison is not None:
        out["comparison"]["p"] = to_jsonable(analysis.comparison.p)
    return out


def cycle_analysis_to_json(analysis: CycleAnalysis) -> dict[str, JsonValue]:
    """A whole cycle: ``{"cycle_id", "warnings", "metrics": {metric_id: analysis_to_json}}``."""
    return {
        "cycle_id": analysis.cycle_id,
        "warnings": list(analysis.warnings),
        "metrics": {m.metric_id: analysis_to_json(m) for m in analysis.metrics},
    }
