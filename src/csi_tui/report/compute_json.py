"""``csi-tui compute --format json``: the documented, stable JSON of a computed cycle.

The shape is described field by field in docs/compute-json.md. Additive changes only within a
``version``; anything else bumps it. Floats that are NaN or infinite become null.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from csi_tui.analysis.fmt import finite
from csi_tui.cycle.model import Cycle, Metric
from csi_tui.data.results import ComputeResult, Finding, MetricSeries, SourceReport

FORMAT = "csi-tui/compute"
VERSION = 1


def _when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def finding_to_json(f: Finding) -> dict[str, Any]:
    return {
        "severity": f.severity,
        "code": f.code,
        "message": f.message,
        "advice": f.advice,
        "source": f.source,
        "metric": f.metric,
        "column": f.column,
        "period": f.period,
        "count": f.count,
    }


def source_to_json(s: SourceReport) -> dict[str, Any]:
    return {
        "id": s.id,
        "files": list(s.files),
        "rows_read": s.rows_read,
        "rows_kept": s.rows_kept,
        "rows_dropped": s.rows_dropped,
        "dropped": [{"reason": d.reason, "count": d.count} for d in s.dropped],
        "rolled_up_from": s.rolled_up_from,
        "rolled_up_to": s.rolled_up_to,
        "rows_merged": s.merged,
        "date_column": s.date_column,
        "date_min": _when(s.date_min),
        "date_max": _when(s.date_max),
        "columns": [{"name": c.name, "dtype": c.dtype, "nulls": c.nulls} for c in s.columns],
        "findings": [finding_to_json(f) for f in s.findings],
    }


def definition_to_json(m: Metric) -> dict[str, Any]:
    return {
        "name": m.name,
        "type": m.type,
        "csf": m.csf,
        "source": m.source,
        "kpi": m.kpi,
        "formula": m.formula,
        "filter": m.filter,
        "unit": m.unit,
        "direction": m.direction,
        "baseline": m.baseline,
        "target": m.target,
        "amber": m.amber,
        "guardrails": list(m.guardrails),
        "options": dict(m.options),
    }


def metric_to_json(
    m: Metric | None, series: MetricSeries, analysis: Mapping[str, Any] | None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": series.metric_id,
        "definition": definition_to_json(m) if m is not None else None,
        "unit": series.unit,
        "kind": series.kind,
        "periods": [
            {
                "period": p.period,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "value": finite(p.value),
                "n": p.n,
                "complete": p.complete,
            }
            for p in series.periods
        ],
        "breakdowns": {
            column: [
                {"group": b.group, "period": b.period, "value": finite(b.value), "n": b.n}
                for b in values
            ]
            for column, values in series.breakdowns.items()
        },
        "observations": series.observations_n,
        "findings": [finding_to_json(f) for f in series.findings],
    }
    if analysis is not None:
        out["analysis"] = dict(analysis)
    return out


def compute_to_json(
    cycle: Cycle, result: ComputeResult, analysis: Mapping[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The whole result. ``analysis``: metric id -> step 5 JSON, put under each metric's
    ``"analysis"`` key when given (left out otherwise)."""
    info = cycle.cycle
    return {
        "format": FORMAT,
        "version": VERSION,
        "cycle": {
            "id": info.id,
            "title": info.title,
            "service": info.service,
            "status": info.status,
            "grain": result.grain,
            "timezone": result.timezone,
            "start": info.start.isoformat(),
            "end": info.end.isoformat(),
            "path": str(cycle.path) if cycle.path is not None else None,
        },
        "computed_at": _when(result.computed_at),
        "sources": [source_to_json(s) for s in result.sources],
        "metrics": [
            metric_to_json(
                cycle.metric(s.metric_id),
                s,
                analysis.get(s.metric_id) if analysis is not None else None,
            )
            for s in result.metrics
        ],
        "findings": [finding_to_json(f) for f in result.findings],
    }
