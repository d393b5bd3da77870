"""Status, gap and attainment, in both directions, with missing pieces."""

from __future__ import annotations

import pytest

from csi_tui.analysis.expectation import attainment_of, evaluate_expectation, status_of


@pytest.mark.parametrize(
    ("actual", "status"),
    [(5.0, "met"), (6.0, "met"), (6.5, "at_risk"), (7.0, "at_risk"), (7.1, "missed")],
)
def test_status_lower_is_better(actual: float, status: str) -> None:
    assert status_of(actual, target=6.0, amber=7.0, direction="lower") == status


@pytest.mark.parametrize(
    ("actual", "status"),
    [(96.0, "met"), (95.0, "met"), (92.0, "at_risk"), (90.0, "at_risk"), (89.9, "missed")],
)
def test_status_higher_is_better(actual: float, status: str) -> None:
    assert status_of(actual, target=95.0, amber=90.0, direction="higher") == status


def test_status_without_amber_or_target() -> None:
    assert status_of(6.5, target=6.0, amber=None, direction="lower") == "missed"
    assert status_of(6.5, target=None, amber=7.0, direction="lower") == "unknown"
    assert status_of(None, target=6.0, amber=7.0, direction="lower") == "unknown"
    assert status_of(float("nan"), target=6.0, amber=7.0, direction="lower") == "unknown"


def test_a_target_without_a_value_reads_no_data_not_no_target() -> None:
    waiting = evaluate_expectation(
        [None, None], ["2027-01", "2027-02"], direction="lower", baseline=9.0, target=6.0, amber=7.0
    )
    assert (waiting.status, waiting.badge) == ("unknown", "? NO DATA")
    untargeted = evaluate_expectation(
        [5.0], ["2027-01"], direction="lower", baseline=9.0, target=None, amber=None
    )
    assert (untargeted.status, untargeted.badge) == ("unknown", "? NO TARGET")


def test_amber_on_the_wrong_side_is_ignored_with_a_warning() -> None:
    assert status_of(6.5, target=6.0, amber=5.0, direction="lower") == "missed"
    exp = evaluate_expectation(
        [6.5], ["2026-01"], direction="lower", baseline=9.0, target=6.0, amber=5.0
    )
    assert any("amber" in w for w in exp.warnings)


def test_attainment_design_example() -> None:
    # DESIGN.md: MTTR 6.1 h against baseline 9.2 h and target 6.0 h: 97% of the planned gain
    assert attainment_of(6.1, baseline=9.2, target=6.0) == pytest.approx(3.1 / 3.2)
    # higher is better: SLA 90 -> target 95, actual 94 = 80%; a fall below baseline is negative
    assert attainment_of(94.0, baseline=90.0, target=95.0) == pytest.approx(0.8)
    assert attainment_of(88.0, baseline=90.0, target=95.0) == pytest.approx(-0.4)
    assert attainment_of(5.0, baseline=6.0, target=6.0) is None


def test_expectation_takes_latest_value_and_words() -> None:
    exp = evaluate_expectation(
        [9.0, 7.0, 6.1, None],
        ["2026-01", "2026-02", "2026-03", "2026-04"],
        direction="lower",
        baseline=9.2,
        target=6.0,
        amber=7.0,
    )
    assert exp.actual == 6.1
    assert exp.actual_period == "2026-03"
    assert exp.status == "at_risk"
    assert exp.badge == "● AT RISK"
    assert exp.gap == pytest.approx(0.1)  # 0.1 h still to go
    assert exp.change == pytest.approx(6.1 - 9.2)


def test_expectation_with_no_values() -> None:
    exp = evaluate_expectation(
        [None, None], ["a", "b"], direction="higher", baseline=None, target=None, amber=None
    )
    assert exp.status == "unknown"
    assert exp.badge == "? NO TARGET"
    assert exp.actual is None and exp.gap is None and exp.attainment is None
    assert len(exp.warnings) == 2
