"""XmR limits against published worked examples; zones, phases and edge cases."""

from __future__ import annotations

import pytest

from csi_tui.analysis.xmr import control_chart, moving_ranges, xmr_limits, zone_of

LABELS = [f"P{i:02d}" for i in range(60)]


def test_nist_flowrate_example() -> None:
    # NIST/SEMATECH e-Handbook of Statistical Methods, 6.3.2.2 "Individuals Control Charts":
    # 10 batches of flow rate; Xbar = 50.81, MRbar = 1.8778, UCL = 55.8041, LCL = 45.8159.
    # NIST uses 3 x MRbar / 1.128 (= 2.6596 x MRbar); we use Wheeler's rounded 2.66, so the
    # limits agree to 1e-3.
    values = [49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1]
    chart = control_chart(values, LABELS[:10], direction="higher")
    (phase,) = chart.phases
    assert phase.centre == pytest.approx(50.81)
    assert phase.avg_mr == pytest.approx(1.8778, abs=1e-4)
    assert phase.ucl == pytest.approx(55.8041, abs=1e-3)
    assert phase.lcl == pytest.approx(45.8159, abs=1e-3)
    assert phase.mr_ucl == pytest.approx(3.267 * 1.8778, abs=1e-3)
    assert phase.sigma == pytest.approx(1.8778 / 1.128, abs=1e-4)
    # NIST: "The process is in control" -- no point beyond the limits
    assert not [s for s in chart.signals if s.rule == "beyond_limits"]
    assert [p.moving_range for p in chart.points[1:4]] == pytest.approx([2.0, 2.3, 1.4])


def test_montgomery_concentration_example() -> None:
    # Montgomery & Runger, "Applied Statistics and Probability for Engineers", 3rd ed.,
    # section 16-6, Table 16-3 (chemical process concentration): xbar = 99.1, mr = 2.59,
    # UCL = 105.99, LCL = 92.21 (3 x mr / 1.128), "no indication of an out-of-control condition".
    values = [102.0, 94.8, 98.3, 98.4, 102.0, 98.5, 99.0, 97.7, 100.0, 98.1,
              101.3, 98.7, 101.1, 98.4, 97.0, 96.7, 100.3, 101.4, 97.2, 101.0]  # fmt: skip
    chart = control_chart(values, LABELS[:20], direction="lower")
    (phase,) = chart.phases
    assert phase.centre == pytest.approx(99.1, abs=0.005)
    assert phase.avg_mr == pytest.approx(2.59, abs=0.005)
    assert phase.ucl == pytest.approx(105.99, abs=0.02)
    assert phase.lcl == pytest.approx(92.21, abs=0.02)
    assert not [s for s in chart.signals if s.rule == "beyond_limits"]


@pytest.mark.parametrize(
    ("value", "zone"),
    [
        (10.0, 0),  # on the centre line: neither side
        (10.5, 1),
        (11.0, 1),  # exactly on +1 sigma: not beyond it, stays in zone C
        (11.0001, 2),
        (12.0, 2),  # exactly on +2 sigma
        (12.5, 3),
        (13.0, 3),  # exactly on the limit: not beyond it
        (13.0001, 4),
        (9.0, -1),
        (8.0, -2),
        (7.0, -3),
        (6.9999, -4),
        (None, 0),
        (float("nan"), 0),
    ],
)
def test_zone_boundaries_are_strict(value: float | None, zone: int) -> None:
    # Western Electric Statistical Quality Control Handbook (1956) and NIST 6.3.2 speak of points
    # "beyond" the sigma lines: strictly beyond, so a point on a line belongs to the inner zone.
    assert zone_of(value, centre=10.0, half_width=3.0) == zone


def test_point_exactly_on_limit_is_not_a_signal() -> None:
    # baseline 10,12,10,... -> centre 11, avg MR 2, UCL 16.32; a later point at exactly UCL
    base = [10.0, 12.0] * 5
    values = [*base, 11.0 + 2.66 * 2.0]
    chart = control_chart(values, LABELS[:11], direction="lower", baseline=(0, 9))
    assert chart.points[-1].zone == 3
    assert not [s for s in chart.signals if s.rule == "beyond_limits"]


def test_missing_values_are_skipped_not_zero() -> None:
    assert moving_ranges([1.0, None, 4.0, float("nan"), 2.0]) == [None, None, 3.0, None, 2.0]
    calc = xmr_limits([1.0, None, 4.0, 2.0])
    assert calc == pytest.approx((7 / 3, 2.5, 3))


def test_constant_series_collapses_limits_with_a_warning() -> None:
    chart = control_chart([5.0] * 8, LABELS[:8], direction="lower")
    (phase,) = chart.phases
    assert phase.avg_mr == 0
    assert phase.ucl == phase.lcl == 5.0
    assert all(p.zone == 0 for p in chart.points)
    assert chart.signals == ()
    assert any("same" in w for w in chart.warnings)


def test_too_few_points_gives_no_limits() -> None:
    chart = control_chart([1.0, 2.0], LABELS[:2], direction="lower")
    assert chart.phases == ()
    assert chart.current is None
    assert chart.warnings
    assert control_chart([], [], direction="lower").warnings == ("no periods",)


def test_new_phase_at_the_change_recalculates_limits() -> None:
    before = [10.0, 12.0] * 4
    after = [5.0, 6.0] * 4
    chart = control_chart(
        before + after, LABELS[:16], direction="lower", change_index=8, min_points=6
    )
    assert [(p.start, p.end) for p in chart.phases] == [(0, 7), (8, 15)]
    assert chart.phases[0].centre == 11.0
    assert chart.phases[1].centre == 5.5
    assert chart.phases[1].avg_mr == 1.0
    assert chart.points[8].moving_range is None  # a phase starts its own moving ranges
    assert {p.phase for p in chart.points[8:]} == {1}


def test_too_few_points_after_change_extends_old_limits() -> None:
    values = [10.0, 12.0] * 4 + [5.0, 5.0, 5.0]
    chart = control_chart(values, LABELS[:11], direction="lower", change_index=8, min_points=6)
    assert len(chart.phases) == 1
    assert chart.phases[0].end == 10
    assert chart.phases[0].calc_end == 7  # limits still from the points before the change
    assert any("extended" in w for w in chart.warnings)
    # the shifted points now show up as signals against the old limits
    assert any(s.rule == "beyond_limits" and s.label == "improvement" for s in chart.signals)


def test_baseline_window_sets_the_limits() -> None:
    values = [10.0, 12.0] * 3 + [30.0, 31.0]
    chart = control_chart(values, LABELS[:8], direction="lower", baseline=(0, 5))
    (phase,) = chart.phases
    assert phase.centre == 11.0
    assert (phase.calc_start, phase.calc_end) == (0, 5)
    assert "baseline window" in phase.reason


def test_without_recalculation_the_limits_still_come_from_before_the_change() -> None:
    # recalculate_at_change = false keeps one phase, but its limits are the process before the
    # change, extended over the new points (Wheeler, "Understanding Variation", ch. 5: limits
    # from the baseline period show a shift as signals). Limits from all 16 points would mix the
    # old and the new process (centre 8.25) and hide the shift they are meant to show.
    before = [10.0, 12.0] * 4
    after = [5.0, 6.0] * 4
    chart = control_chart(
        before + after, LABELS[:16], direction="lower", change_index=8, recalculate=False
    )
    (phase,) = chart.phases
    assert (phase.start, phase.end) == (0, 15)
    assert (phase.calc_start, phase.calc_end) == (0, 7)
    assert phase.centre == 11.0
    assert phase.reason == "all points before the change"
    below = [s for s in chart.signals if s.rule == "beyond_limits" and s.side == "below"]
    assert below and below[0].label == "improvement"
    # too few points before the change for limits of their own: all points, and it says so
    short = control_chart([10.0, 12.0, 5.0, 6.0, 5.0], LABELS[:5], direction="lower",
                          change_index=2, recalculate=False)  # fmt: skip
    assert short.phases[0].calc_end == 4
    assert "all points" in short.phases[0].reason
