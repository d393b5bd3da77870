"""A seeded outages export: one row per outage window (ServiceNow ``cmdb_ci_outage`` fields).

Feeds availability, MTBF and outage counts. Windows of one configuration item never overlap;
``type`` is ``outage``, ``degradation`` or ``planned`` (cycles count only real outages).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import polars as pl

from csi_tui.sample import catalogue as cat

COLUMNS: tuple[str, ...] = ("number", "cmdb_ci", "business_service", "type", "begin", "end")
# Outages per 30 days, per component of catalogue.OUTAGE_COMPONENTS.
_RATE_PER_30_DAYS: tuple[float, ...] = (1.2, 0.6, 0.8, 1.0, 0.7, 0.9, 0.8)
_TYPES: tuple[str, ...] = ("outage", "degradation", "planned")


def generate_outages(
    *,
    seed: int = cat.SEED,
    start: date = cat.START,
    end: date = cat.END,
    export_at: datetime = cat.EXPORT_AT,
) -> pl.DataFrame:
    rng = np.random.default_rng([seed, 2])
    t0 = datetime.combine(start, datetime.min.time())
    span_s = min((datetime.combine(end, datetime.max.time()) - t0).total_seconds(), 9e18)
    limit_s = (export_at - t0).total_seconds()
    rows: list[dict[str, object]] = []
    for (component, service), rate in zip(cat.OUTAGE_COMPONENTS, _RATE_PER_30_DAYS, strict=True):
        count = int(rng.poisson(rate * span_s / (30 * 86_400)))
        begins = np.sort(rng.uniform(0, span_s, count))
        minutes = rng.lognormal(np.log(35.0), 0.9, count)
        kinds = rng.choice(len(_TYPES), size=count, p=[0.65, 0.25, 0.10])
        previous_end = -1.0
        for begin_s, length, kind in zip(begins, minutes, kinds, strict=True):
            begin_s = max(float(begin_s), previous_end + 600)  # never overlap the last window
            end_s = min(begin_s + float(length) * 60, limit_s - 60)
            if end_s <= begin_s:
                continue
            previous_end = end_s
            rows.append(
                {
                    "cmdb_ci": component,
                    "business_service": service,
                    "type": _TYPES[int(kind)],
                    "begin": t0 + timedelta(seconds=int(begin_s)),
                    "end": t0 + timedelta(seconds=int(end_s)),
                }
            )
    frame = pl.DataFrame(
        rows,
        schema={
            "cmdb_ci": pl.String,
            "business_service": pl.String,
            "type": pl.String,
            "begin": pl.Datetime("us"),
            "end": pl.Datetime("us"),
        },
    ).sort("begin", "cmdb_ci")
    numbers = pl.int_range(1001, 1001 + frame.height, eager=True).cast(pl.String).str.zfill(7)
    return frame.with_columns(number=pl.concat_str(pl.lit("OUT"), numbers)).select(COLUMNS)
