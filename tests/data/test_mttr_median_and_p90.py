"""MTTR median and p90 per period equal a plain-Python calculation of them.

``kpis.batch`` takes them from each period's values gathered into a list, a few periods at a time
for large sources; the check takes the median as ``statistics.median`` and the quantile by linear
interpolation between the closest ranks (Hyndman & Fan's definition 7, the default of R's
``quantile`` and of numpy: position q * (n - 1) in the sorted values)."""

from __future__ import annotations

import math
import statistics
from datetime import date, timedelta
from itertools import product
from unittest.mock import patch

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from csi_tui.cycle.model import Metric
from csi_tui.data import kpi_batch, kpis
from csi_tui.data.columns import RESOLUTION_HOURS

MONTHS = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
rows = st.lists(
    st.tuples(
        st.one_of(st.none(), st.sampled_from(MONTHS)),  # resolved period (none: still open)
        st.one_of(st.none(), st.floats(-50, 5000, allow_nan=False)),  # hours (none: unknown)
        st.sampled_from(["P1", "P2"]),
    ),
    max_size=60,
)


def linear_quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def frame(data: list[tuple[date | None, float | None, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            kpis.pkey("resolved_at"): [r[0] for r in data],
            RESOLUTION_HOURS: [r[1] for r in data],
            "priority": [r[2] for r in data],
        },
        schema={
            kpis.pkey("resolved_at"): pl.Date,
            RESOLUTION_HOURS: pl.Float64,
            "priority": pl.String,
        },
    )


@settings(max_examples=60, deadline=None)
@given(rows, st.floats(0.05, 0.95))
def test_median_and_quantile_per_period_and_group(
    data: list[tuple[date | None, float | None, str]], q: float
) -> None:
    metrics = [
        Metric(id="med", name="med", source="s", kpi="mttr_median"),
        Metric(id="p", name="p", source="s", kpi="mttr_p90", options={"quantile": q}),
        Metric(id="mean", name="mean", source="s", kpi="mttr_mean"),
    ]
    # Every way the values are gathered: with the other aggregations in one pass, each
    # period's on its own, and a few periods at a time (the way of sources over 2M rows).
    for groups, limit in product(((), ("priority",)), (kpi_batch.QUANTILE_ROWS, 1, 7)):
        with patch.object(kpi_batch, "QUANTILE_ROWS", limit):  # where _with_quantiles reads it
            tables = kpis.batch(metrics, frame(data), groups).tables
        expected: dict[tuple[object, ...], list[float]] = {}
        for month, hours, priority in data:
            if month is None or hours is None or hours < 0:  # open, unknown, resolved first
                continue
            key = (priority, month) if groups else (month,)
            expected.setdefault(key, []).append(hours)
        for metric_id, how in (
            ("med", statistics.median),
            ("p", lambda v: linear_quantile(v, q)),
            ("mean", statistics.fmean),
        ):
            got = {tuple(r[:-2]): (r[-2], r[-1]) for r in tables[metric_id].iter_rows()}
            assert set(got) == set(expected)
            for key, values in expected.items():
                value, n = got[key]
                assert n == len(values)
                assert math.isclose(value, how(values), rel_tol=1e-12, abs_tol=1e-9)


def test_hand_made_period() -> None:
    # 10 values 1..10: median 5.5; p90 at position 8.1 -> 9 + 0.1 * (10 - 9) = 9.1.
    month = MONTHS[0]
    data = [(month, float(v), "P1") for v in range(10, 0, -1)] + [
        (month + timedelta(31), None, "P1")
    ]
    metrics = [
        Metric(id="med", name="med", source="s", kpi="mttr_median"),
        Metric(id="p", name="p", source="s", kpi="mttr_p90"),
    ]
    tables = kpis.batch(metrics, frame(data)).tables
    assert tables["med"].rows() == [(month, 5.5, 10)]
    assert math.isclose(tables["p"]["value"][0], 9.1)
    assert tables["p"]["n"][0] == 10
