"""Chart axes stop at the metric's natural bound: no tick at -0.8% reopened or -2 h to resolve."""

from __future__ import annotations

from csi_tui.cycle.model import Metric
from csi_tui.report.chart_spec import ChartSpec
from csi_tui.report.metric_spec import build_spec
from csi_tui.tui.widgets.metric_chart import _value_range


def spec(values: tuple[float | None, ...], **kw: object) -> ChartSpec:
    return ChartSpec(title="t", unit="%", labels=tuple(str(i) for i in range(len(values))),
                     values=values, **kw)  # type: ignore[arg-type]  # fmt: skip


def test_the_axis_of_a_rate_stops_at_0_and_100() -> None:
    values = (0.0, 0.4, 1.2, 0.1)
    free = _value_range(spec(values), [list(values)])  # type: ignore[arg-type]
    held = _value_range(spec(values, floor=0.0, ceiling=100.0), [list(values)])  # type: ignore[arg-type]
    assert free is not None and free[0] < 0  # the padding alone went below zero
    assert held is not None and held[0] == 0.0 and held[1] == free[1]
    top = (99.5, 100.0, 99.8)
    high = _value_range(spec(top, floor=0.0, ceiling=100.0), [list(top)])  # type: ignore[arg-type]
    assert high is not None and high[1] == 100.0


def test_values_beyond_a_bound_keep_the_axis_free() -> None:
    values = (-3.0, 2.0)
    rng = _value_range(spec(values, floor=0.0), [list(values)])  # type: ignore[arg-type]
    assert rng is not None and rng[0] < -3.0


def test_the_spec_of_a_built_in_rate_carries_its_bounds() -> None:
    metric = Metric(id="r", name="Reopen", source="s", kpi="reopen_rate", unit="%")
    built = build_spec(metric, None, None)
    assert (built.floor, built.ceiling) == (0.0, 100.0)
