"""Numbers in words."""

from __future__ import annotations

import pytest

from csi_tui.analysis import fmt
from csi_tui.analysis.assurance import how_often


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (6.1, "h", "6.1 h"),
        (94.25, "%", "94.2%"),
        (214.0, "", "214"),
        (1234.5, "tickets", "1,234 tickets"),
        (4.0, "points", "4.00 points"),
        (12.0, "", "12"),
        (0.0123, "", "0.0123"),
        (None, "h", "n/a"),
        (float("nan"), "h", "n/a"),
    ],
)
def test_value(value: float | None, unit: str, text: str) -> None:
    assert fmt.value(value, unit) == text


def test_p_values_and_signs() -> None:
    assert fmt.p_value(0.0004) == "p < 0.001"
    assert fmt.p_value(0.0021) == "p = 0.002"
    assert fmt.p_value(0.34) == "p = 0.34"
    assert fmt.p_value(None) == "p n/a"
    assert fmt.signed(-3.1, "h") == "-3.1 h"
    assert fmt.signed(0.5, "%") == "+0.5%"


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (0.001, "fewer than 1 month in 100"),
        (1 / 3, "about 1 month in 3"),
        (0.5, "about 1 month in 2"),
        (0.66, "about 2 months in 3"),
        (0.9, "about 9 months in 10"),
        (0.995, "almost every month"),
    ],
)
def test_how_often(rate: float, text: str) -> None:
    assert how_often(rate, "month") == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (99.99, "99.99%"),  # four nines must not read as 100%
        (99.95, "99.95%"),
        (99.9996, "99.9996%"),
        (100.0, "100.0%"),
        (99.94, "99.9%"),
    ],
)
def test_a_percentage_just_below_100_never_shows_as_100(value: float, text: str) -> None:
    # Availability targets are counted in nines: showing 99.99% as "100.0%" would print
    # "MISSED 100.0% against target 100.0%" for an actual of 99.96% and a target of 99.99%.
    assert fmt.value(value, "%") == text
