"""Properties: a constant shift changes only values; swapping direction swaps the labels."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from csi_tui.analysis import analyse_cycle
from csi_tui.analysis.results import MetricAnalysis
from csi_tui.cycle.model import Metric

from .builders import cycle, result, series

# integers keep the arithmetic exact, so only a point sitting on a sigma line could differ by
# rounding; those cases are set aside explicitly (assume) rather than hidden by a tolerance
values_st = st.lists(st.integers(0, 60).map(float), min_size=14, max_size=30)
shift_st = st.integers(-500, 500).map(float)
METRIC = Metric(
    "m", "MTTR", "t", unit="h", direction="lower", baseline=40.0, target=20.0, amber=30.0
)


def run(values: list[float], metric: Metric) -> MetricAnalysis:
    m = analyse_cycle(cycle([metric]), result(series("m", values))).metric("m")
    assert m is not None
    return m


def on_a_line(m: MetricAnalysis) -> bool:
    for point in m.chart.points:
        phase = m.chart.phases[point.phase] if m.chart.phases else None
        if phase is None or point.value is None:
            continue
        third = (phase.ucl - phase.centre) / 3
        d = abs(point.value - phase.centre)
        if any(abs(d - k * third) < 1e-6 for k in range(4)):
            return True
    return False


def shape(m: MetricAnalysis) -> tuple[object, ...]:
    c = m.comparison
    return (
        m.expectation.status,
        [p.zone for p in m.chart.points],
        [(s.rule, s.first, s.last, s.side, s.label) for s in m.chart.signals],
        m.trend.direction,
        m.trend.s,
        m.assurance.kind,
        None if c is None else (c.significant, c.label, round(c.p or 0, 9)),
    )


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(values=values_st, c=shift_st)
def test_shifting_by_a_constant_changes_only_values(values: list[float], c: float) -> None:
    base = run(values, METRIC)
    assume(not on_a_line(base))
    moved_metric = replace(METRIC, baseline=40.0 + c, target=20.0 + c, amber=30.0 + c)
    moved = run([v + c for v in values], moved_metric)
    assert shape(moved) == shape(base)
    if base.chart.current and moved.chart.current:
        assert moved.chart.current.centre - base.chart.current.centre == pytest.approx(c)


FLIP = {"improvement": "concern", "concern": "improvement", None: None}


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(values=values_st)
def test_swapping_direction_swaps_improvement_and_concern(values: list[float]) -> None:
    lower = run(values, replace(METRIC, direction="lower", baseline=None, target=None, amber=None))
    higher = run(
        values, replace(METRIC, direction="higher", baseline=None, target=None, amber=None)
    )
    assert [s.rule for s in lower.chart.signals] == [s.rule for s in higher.chart.signals]
    for a, b in zip(lower.chart.signals, higher.chart.signals, strict=True):
        if a.rule == "moving_range":
            assert a.label == b.label == "concern"  # variation is never good news
        else:
            assert b.label == FLIP[a.label]
    assert higher.trend.label == FLIP[lower.trend.label]
    assert lower.comparison is not None and higher.comparison is not None
    assert higher.comparison.label == FLIP[lower.comparison.label]
