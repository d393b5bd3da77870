"""Control limits stop at the metric's natural bound, and say so (issue 10: an LCL of -34.5 h
and a reopen rate of -0.8% on the chart). The zones and rules still use the computed limits."""

from __future__ import annotations

import pytest

from csi_tui.analysis.bounds import NONE, bounds_of, natural_bounds
from csi_tui.analysis.xmr import control_chart
from csi_tui.cycle.model import Metric


def metric(kpi: str | None, unit: str = "") -> Metric:
    return Metric(id="m", name="M", source="s", kpi=kpi, unit=unit, formula=None)


@pytest.mark.parametrize(
    ("kpi", "unit", "lower", "upper"),
    [
        ("volume", "", 0.0, None),
        ("mttr_p90", "h", 0.0, None),
        ("reopen_rate", "%", 0.0, 100.0),
        ("availability", "%", 0.0, 100.0),
        ("flow_ratio", "", 0.0, None),
        (None, "h", 0.0, None),
        (None, "%", 0.0, 100.0),
        (None, "EUR", None, None),
    ],
)
def test_natural_bounds(
    kpi: str | None, unit: str, lower: float | None, upper: float | None
) -> None:
    bounds = natural_bounds(metric(kpi, unit))
    assert (bounds.lower, bounds.upper) == (lower, upper)


def test_values_outside_the_bounds_mean_no_bounds() -> None:
    # a custom "%" that is a change, not a share
    assert bounds_of(metric(None, "%"), [-12.0, 5.0]) == NONE
    assert bounds_of(metric(None, "%"), [12.0, 5.0]).lower == 0.0


# A noisy duration near zero: mean 2.0, average moving range 3.0, so the computed LCL is
# 2.0 - 2.66 x 3.0 = -5.98 (Wheeler's natural process limits, as in test_xmr.py).
VALUES = [0.5, 3.5, 0.5, 3.5, 0.5, 3.5, 0.5, 3.5, 2.0]
LABELS = [f"2026-{m:02d}" for m in range(1, 10)]


def test_lcl_of_a_duration_is_shown_at_zero_and_the_computed_value_kept() -> None:
    plain = control_chart(VALUES, LABELS, direction="lower")
    bounded = control_chart(
        VALUES, LABELS, direction="lower", bounds=natural_bounds(metric("mttr_mean")), unit="h"
    )
    (raw,) = plain.phases
    (shown,) = bounded.phases
    assert raw.lcl < 0
    assert shown.lcl == 0.0 and shown.computed_lcl == pytest.approx(raw.lcl)
    assert shown.ucl == raw.ucl and shown.computed_ucl is None
    # the zones and signals come from the computed limits: the same with or without bounds
    assert bounded.points == plain.points
    assert bounded.signals == plain.signals
    (note,) = bounded.bound_notes
    assert "shown as 0 h" in note and "a duration cannot go below 0 h" in note


def test_ucl_of_a_percentage_stops_at_100() -> None:
    values = [99.0, 96.0, 99.5, 95.0, 99.0, 96.5, 100.0, 95.5]
    chart = control_chart(
        values, LABELS[:8], direction="higher", bounds=natural_bounds(metric("sla_compliance"))
    )
    (phase,) = chart.phases
    assert phase.ucl == 100.0 and phase.computed_ucl is not None and phase.computed_ucl > 100
