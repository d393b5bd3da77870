"""Western Electric rules and the trend rule, each on a series built to trip it (or not)."""

from __future__ import annotations

from csi_tui.analysis.results import Signal
from csi_tui.analysis.xmr import control_chart

LABELS = [f"P{i:02d}" for i in range(60)]
# Baseline 10, 12, 10, 12 ...: centre 11, average MR 2, limits 11 +/- 5.32, so the sigma lines
# sit at 11 +/- 1.773, 3.547 and 5.32.
BASE = [10.0, 12.0] * 5


def chart_of(tail: list[float], direction: str = "lower") -> tuple[Signal, ...]:
    values = BASE + tail
    return control_chart(
        values,
        LABELS[: len(values)],
        direction=direction,
        baseline=(0, 9),  # type: ignore[arg-type]
    ).signals


def rules(signals: tuple[Signal, ...]) -> set[str]:
    return {s.rule for s in signals}


def test_baseline_alone_has_no_signals() -> None:
    assert chart_of([]) == ()


def test_rule1_one_point_beyond_the_limit() -> None:
    signals = chart_of([17.0])
    (beyond,) = [s for s in signals if s.rule == "beyond_limits"]
    assert (beyond.first, beyond.last, beyond.side) == (10, 10, "above")
    assert beyond.label == "concern"  # lower is better: a high point is bad news
    assert beyond.glyph == "▼"


def test_rule2_two_of_three_beyond_two_sigma() -> None:
    # 15 is beyond +2 sigma (14.55) but inside the limit (16.32); 11.5 sits in zone C
    signals = chart_of([15.0, 11.5, 15.0])
    (hit,) = [s for s in signals if s.rule == "two_of_three"]
    assert (hit.first, hit.last) == (10, 12)
    assert "beyond_limits" not in rules(signals)


def test_rule2_needs_the_same_side() -> None:
    assert "two_of_three" not in rules(chart_of([15.0, 7.0, 11.5]))


def test_rule3_four_of_five_beyond_one_sigma() -> None:
    # 13 is beyond +1 sigma (12.77) but not beyond +2 sigma
    signals = chart_of([13.0, 13.0, 11.5, 13.0, 13.0])
    (hit,) = [s for s in signals if s.rule == "four_of_five"]
    assert (hit.first, hit.last, hit.side) == (10, 14, "above")
    assert "two_of_three" not in rules(signals)


def test_rule4_eight_in_a_row_and_seven_is_not_enough() -> None:
    # alternating so no six-point trend; all just below the centre line
    seven = [10.5, 10.8] * 3 + [10.5]
    assert "eight_in_a_row" not in rules(chart_of(seven))
    signals = chart_of([*seven, 10.8])
    (hit,) = [s for s in signals if s.rule == "eight_in_a_row"]
    assert (hit.first, hit.last, hit.side) == (10, 17, "below")
    assert hit.label == "improvement"  # below the centre line is good when lower is better


def test_a_point_on_the_centre_line_breaks_a_run() -> None:
    run = [10.5, 10.8] * 2 + [11.0] + [10.5, 10.8] * 2
    assert "eight_in_a_row" not in rules(chart_of(run))


def test_six_rising_is_a_trend_five_is_not() -> None:
    assert "six_trending" not in rules(chart_of([10.0, 10.2, 10.4, 10.6, 10.8]))
    signals = chart_of([10.0, 10.2, 10.4, 10.6, 10.8, 11.0])
    (hit,) = [s for s in signals if s.rule == "six_trending"]
    assert (hit.first, hit.last, hit.side, hit.label) == (10, 15, "rising", "concern")
    # equal neighbours break a run
    assert "six_trending" not in rules(chart_of([10.0, 10.2, 10.2, 10.6, 10.8, 11.0]))


def test_direction_flips_labels() -> None:
    lower = chart_of([17.0], "lower")
    higher = chart_of([17.0], "higher")
    assert [s.label for s in lower if s.rule == "beyond_limits"] == ["concern"]
    assert [s.label for s in higher if s.rule == "beyond_limits"] == ["improvement"]


def test_overlapping_hits_merge_into_one_signal() -> None:
    signals = chart_of([10.5] * 10)
    eights = [s for s in signals if s.rule == "eight_in_a_row"]
    assert len(eights) == 1
    assert (eights[0].first, eights[0].last) == (10, 19)


def test_moving_range_jump() -> None:
    # average MR 2 -> range limit 6.534; a jump of 7 inside the individuals limits
    signals = chart_of([7.0, 14.0])
    assert "moving_range" in rules(signals)
    (mr,) = [s for s in signals if s.rule == "moving_range"]
    assert mr.label == "concern"
    assert mr.first == 11
