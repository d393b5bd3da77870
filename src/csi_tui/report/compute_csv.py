"""``csi-tui compute --format csv``: one row per metric, period (and breakdown group).

Columns: metric, period, start, end, value, n, complete, breakdown, group. Rows without a
breakdown have empty ``breakdown`` and ``group``; a breakdown row has an empty start/end/complete.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from csi_tui.data.results import ComputeResult

HEADER = ("metric", "period", "start", "end", "value", "n", "complete", "breakdown", "group")


def _value(v: float | None) -> str:
    return "" if v is None or v != v else repr(float(v))


def compute_to_csv(result: ComputeResult, metric_ids: Iterable[str] | None = None) -> str:
    wanted = set(metric_ids) if metric_ids is not None else None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for m in result.metrics:
        if wanted is not None and m.metric_id not in wanted:
            continue
        for p in m.periods:
            writer.writerow(
                (
                    m.metric_id,
                    p.period,
                    p.start.isoformat(),
                    p.end.isoformat(),
                    _value(p.value),
                    p.n,
                    "true" if p.complete else "false",
                    "",
                    "",
                )
            )
        for column, values in m.breakdowns.items():
            for b in values:
                writer.writerow(
                    (m.metric_id, b.period, "", "", _value(b.value), b.n, "", column, b.group)
                )
    return out.getvalue()
