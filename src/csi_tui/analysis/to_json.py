"""Step 5 results as JSON-safe dicts (documented in docs/analysis.md).

Dataclass fields keep their names; tuples become lists, dates ISO strings, NaN and infinities
null. Display helpers are added where the TUI uses them: ``badge``/``glyph``/``word`` on the
expectation, ``name``/``glyph`` on each signal, ``significant`` on the trend, ``p`` on the
comparison.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from csi_tui.analysis.fmt import finite
from csi_tui.analysis.results import CycleAnalysis, MetricAnalysis

JsonValue = Any


def _plain(value: object) -> JsonValue:
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return finite(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    return str(value)


def analysis_to_json(analysis: MetricAnalysis) -> dict[str, JsonValue]:
    """One metric's step 5 results as a JSON-safe dict."""
    out: dict[str, JsonValue] = _plain(analysis)
    exp = analysis.expectation
    out["expectation"].update(badge=exp.badge, glyph=exp.glyph, word=exp.word)
    out["trend"]["significant"] = analysis.trend.significant
    for signal_json, signal in zip(out["chart"]["signals"], analysis.chart.signals, strict=True):
        signal_json.update(name=signal.name, glyph=signal.glyph)
    if analysis.comparison is not None:
        out["comparison"]["p"] = _plain(analysis.comparison.p)
    return out


def cycle_analysis_to_json(analysis: CycleAnalysis) -> dict[str, JsonValue]:
    """A whole cycle: ``{"cycle_id", "warnings", "metrics": {metric_id: analysis_to_json}}``."""
    return {
        "cycle_id": analysis.cycle_id,
        "warnings": list(analysis.warnings),
        "metrics": {m.metric_id: analysis_to_json(m) for m in analysis.metrics},
    }
