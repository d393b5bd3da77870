"""Small builders of cycles and engine results for the analysis tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from csi_tui.cycle.model import Analysis, Cycle, CycleInfo, Metric
from csi_tui.data.results import ComputeResult, MetricSeries, PeriodValue


def months(n: int, start: tuple[int, int] = (2025, 1)) -> list[tuple[str, date, date]]:
    out = []
    first = start[0] * 12 + start[1] - 1
    for i in range(n):
        m, nxt = first + i, first + i + 1
        begin = date(m // 12, m % 12 + 1, 1)
        end = date(nxt // 12, nxt % 12 + 1, 1)
        out.append((f"{begin.year}-{begin.month:02d}", begin, end))
    return out


def series(
    metric_id: str,
    values: Sequence[float | None],
    *,
    unit: str = "h",
    observations: pl.DataFrame | None = None,
    kind: str = "mean",
    incomplete_last: bool = False,
) -> MetricSeries:
    periods = tuple(
        PeriodValue(
            label,
            begin,
            end,
            value,
            100,
            complete=not (incomplete_last and i == len(values) - 1),
        )
        for i, ((label, begin, end), value) in enumerate(
            zip(months(len(values)), values, strict=True)
        )
    )
    return MetricSeries(metric_id, unit, periods, observations=observations, kind=kind)  # type: ignore[arg-type]


def cycle(
    metrics: Sequence[Metric], change: date | None = date(2026, 1, 1), **analysis: object
) -> Cycle:
    return Cycle(
        cycle=CycleInfo("c1", "Faster P1/P2", "Email", "Sam", date(2025, 1, 1), date(2026, 12, 31)),
        metrics=tuple(metrics),
        analysis=Analysis(change_date=change, **analysis),  # type: ignore[arg-type]
    )


def result(*metric_series: MetricSeries) -> ComputeResult:
    return ComputeResult("c1", "month", "UTC", (), tuple(metric_series))
