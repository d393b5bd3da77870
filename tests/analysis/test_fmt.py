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


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        # counts read as whole numbers whatever their size: "9 tickets" beside "14 tickets"
        (9.0, "tickets", "9 tickets"),
        (14.0, "tickets", "14 tickets"),
        (0.0, "incidents", "0 incidents"),
        (3.0, "incidents", "3 incidents"),
        (9.5, "tickets", "9.50 tickets"),  # an average of counts keeps its decimals
        # durations under 0.1 keep two significant digits instead of rounding to 0.0
        (0.04, "h", "0.04 h"),
        (0.095, "h", "0.095 h"),
        (0.00001, "h", "0.00001 h"),
        (0.5, "h", "0.5 h"),
        (1.04, "h", "1.0 h"),
        (-0.0, "h", "0.0 h"),
        # small unitless values never turn into scientific notation
        (0.0000123, "", "0.0000123"),
    ],
)
def test_counts_and_small_values(value: float, unit: str, text: str) -> None:
    assert fmt.value(value, unit) == text


def test_a_sign_is_never_put_on_a_zero() -> None:
    assert fmt.signed(-0.04, "h") == "-0.04 h"
    assert fmt.signed(0.0, "h") == "0.0 h"
    assert fmt.signed(-0.0, "h") == "0.0 h"
    assert fmt.signed(-1e-12, "h") == "0.0 h"  # below any precision worth showing
    assert fmt.signed(-2.0, "tickets") == "-2 tickets"
    assert fmt.signed(-0.04, "%") == "0.0%"  # percentages keep one decimal, without a sign
    assert fmt.signed(0.5, "%") == "+0.5%"
